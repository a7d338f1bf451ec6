package org.commonplace.orchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When --once takes its picture, on a fake clock: after a quiet spell, or at the limit for a broker that never stops. */
final class QuietTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final Quiet quiet = new Quiet(clock::get, 300, 3000);

    @Test
    void withNoMessageItEndsAQuietSpellAfterTheSubscription() {
        quiet.begin();
        assertThat(quiet.remainingMs()).isEqualTo(300);
        clock.addAndGet(299);
        assertThat(quiet.remainingMs()).isEqualTo(1);
        clock.addAndGet(1);
        assertThat(quiet.remainingMs()).isZero();
    }

    @Test
    void eachMessageStartsTheSpellAgain() {
        quiet.begin();
        clock.addAndGet(250);
        quiet.heard();
        assertThat(quiet.remainingMs()).isEqualTo(300);
        clock.addAndGet(299);
        assertThat(quiet.remainingMs()).isEqualTo(1);
    }

    @Test
    void aBrokerThatNeverFallsQuietIsCutOffAtTheLimit() {
        quiet.begin();
        for (int i = 0; i < 29; i++) {
            clock.addAndGet(100);
            quiet.heard();
        }
        assertThat(quiet.remainingMs()).isEqualTo(100);
        clock.addAndGet(100);
        quiet.heard();
        assertThat(quiet.remainingMs()).isZero();
    }
}

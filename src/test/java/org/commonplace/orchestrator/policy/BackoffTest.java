package org.commonplace.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

final class BackoffTest {
    @Test
    void delaysDoubleFromTheBaseUpToTheCap() {
        var backoff = new Backoff(100, 800);
        var delays = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            delays.add(backoff.nextDelay(0));
        }
        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 800L);
        assertThat(backoff.attempt()).isEqualTo(5);
    }

    @Test
    void aRunOfThirtySecondsStartsTheCountAgain() {
        var backoff = new Backoff(100, 800);
        backoff.nextDelay(0);
        backoff.nextDelay(10);
        assertThat(backoff.nextDelay(Backoff.STABLE_RUN_MS)).isEqualTo(100);
        assertThat(backoff.nextDelay(Backoff.STABLE_RUN_MS - 1)).isEqualTo(200);
    }

    @Test
    void aCrashLoopOfAnyLengthNeverOverflows() {
        var backoff = new Backoff(500, 10_000);
        long last = 0;
        for (int i = 0; i < 10_000; i++) {
            last = backoff.nextDelay(0);
            assertThat(last).isBetween(500L, 10_000L);
        }
        assertThat(last).isEqualTo(10_000);
        assertThat(backoff.delayFor(Integer.MAX_VALUE)).isEqualTo(10_000);
        assertThat(new Backoff(Long.MAX_VALUE / 2, Long.MAX_VALUE).delayFor(64)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void zeroBackoffRestartsAtOnce() {
        var backoff = new Backoff(0, 0);
        assertThat(backoff.nextDelay(0)).isZero();
        assertThat(backoff.nextDelay(0)).isZero();
    }
}

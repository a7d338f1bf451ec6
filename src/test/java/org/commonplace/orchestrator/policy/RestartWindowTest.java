package org.commonplace.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sliding window of restart times, moved by a fake clock. */
final class RestartWindowTest {
    private final AtomicLong now = new AtomicLong(5_000);
    private final Ticker clock = now::get;

    @Test
    void countsTheRestartsWithinTheWindowAndForgetsThoseThatFallOut() {
        var window = new RestartWindow(3, 1000);
        assertThat(window.add(clock.millis())).isEqualTo(1);
        now.addAndGet(300);
        assertThat(window.add(clock.millis())).isEqualTo(2);
        now.addAndGet(300);
        assertThat(window.add(clock.millis())).isEqualTo(3);
        now.addAndGet(300);
        assertThat(window.add(clock.millis())).isEqualTo(4);
        // 1000 ms after the first: it is out (a window of T ms holds what is younger than T).
        now.addAndGet(100);
        assertThat(window.count(clock.millis())).isEqualTo(3);
        now.addAndGet(5000);
        assertThat(window.count(clock.millis())).isZero();
    }

    @Test
    void restartsFurtherApartThanTheWindowNeverPileUp() {
        var window = new RestartWindow(1, 1000);
        for (int i = 0; i < 100; i++) {
            assertThat(window.add(clock.millis())).isEqualTo(1);
            now.addAndGet(1500);
        }
    }

    @Test
    void keepsAtMostOneTimeMoreThanTheLimitHoweverFastTheRestarts() {
        var window = new RestartWindow(3, 60_000);
        for (int i = 0; i < 1_000_000; i++) {
            window.add(clock.millis());
        }
        // Bounded: a million restarts in the same millisecond are kept as four.
        assertThat(window.count(clock.millis())).isEqualTo(4);
    }

    @Test
    void refusesAWindowWithoutLengthOrLimit() {
        assertThatThrownBy(() -> new RestartWindow(0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartWindow(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.commonplace.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.junit.jupiter.api.Test;

/**
 * Restart intensity (issue 23, item 4): {@code max_restarts} counted in a row, as before, or within
 * {@code within_ms}. Before it, a process that crashed every 31 s ran a stable 30 s each time, its
 * count started again, and it was never given up on.
 */
final class RestartsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Ticker clock = now::get;

    @Test
    void aProcessThatCrashesEvery31SecondsIsGivenUpOnWithinItsWindow() {
        var restarts = Restarts.of(new RestartSpec(RestartPolicy.ALWAYS, 500, 10_000, 2, 120_000));
        assertThat(crashAfter(restarts, 31_000).givesUp()).isFalse();
        assertThat(crashAfter(restarts, 31_000).givesUp()).isFalse();
        Restarts.Next third = crashAfter(restarts, 31_000);
        assertThat(third.givesUp()).isTrue();
        assertThat(third.counted()).isEqualTo(3);
    }

    @Test
    void withoutWithinMsARunOf30SecondsForgetsTheRestartsAsBefore() {
        var restarts = Restarts.of(new RestartSpec(RestartPolicy.ALWAYS, 500, 10_000, 2));
        for (int i = 0; i < 50; i++) {
            assertThat(crashAfter(restarts, 31_000).givesUp()).isFalse();
        }
        assertThat(restarts.counted(clock.millis())).isEqualTo(1);
        assertThat(crashAfter(restarts, 100).givesUp()).isFalse();
        assertThat(crashAfter(restarts, 100).givesUp()).isTrue();
    }

    @Test
    void crashesFurtherApartThanTheWindowAreNeverGivenUpOn() {
        var restarts = Restarts.of(new RestartSpec(RestartPolicy.ALWAYS, 0, 0, 3, 1000));
        for (int i = 0; i < 100; i++) {
            Restarts.Next next = crashAfter(restarts, 1500);
            assertThat(next.givesUp()).isFalse();
            assertThat(next.counted()).isEqualTo(1);
        }
    }

    @Test
    void moreThanMaxRestartsWithinTheWindowGiveUp() {
        var restarts = Restarts.of(new RestartSpec(RestartPolicy.ALWAYS, 0, 0, 3, 1000));
        assertThat(crashAfter(restarts, 300).givesUp()).isFalse();
        assertThat(crashAfter(restarts, 300).givesUp()).isFalse();
        assertThat(crashAfter(restarts, 300).givesUp()).isFalse();
        assertThat(restarts.counted(clock.millis())).isEqualTo(3);
        assertThat(crashAfter(restarts, 300).givesUp()).isTrue();
    }

    @Test
    void theCountShrinksAsRestartsFallOutOfTheWindow() {
        var restarts = Restarts.of(new RestartSpec(RestartPolicy.ALWAYS, 0, 0, 3, 1000));
        crashAfter(restarts, 100);
        crashAfter(restarts, 100);
        assertThat(restarts.counted(clock.millis())).isEqualTo(2);
        now.addAndGet(950);
        assertThat(restarts.counted(clock.millis())).isEqualTo(1);
        now.addAndGet(100);
        assertThat(restarts.counted(clock.millis())).isZero();
    }

    @Test
    void theBackoffDoublesWhateverCountsTheRestarts() {
        var restarts = Restarts.of(new RestartSpec(RestartPolicy.ALWAYS, 100, 800, 10, 60_000));
        assertThat(crashAfter(restarts, 10).delayMs()).isEqualTo(100);
        assertThat(crashAfter(restarts, 10).delayMs()).isEqualTo(200);
        assertThat(crashAfter(restarts, 10).delayMs()).isEqualTo(400);
        assertThat(restarts.attempt()).isEqualTo(3);
    }

    @Test
    void withoutMaxRestartsNothingGivesUp() {
        var restarts = Restarts.of(RestartSpec.defaults());
        for (int i = 0; i < 1000; i++) {
            assertThat(crashAfter(restarts, 0).givesUp()).isFalse();
        }
    }

    /** The process runs {@code ranMs} on the fake clock, exits, and the policy restarts it. */
    private Restarts.Next crashAfter(Restarts restarts, long ranMs) {
        now.addAndGet(ranMs);
        return restarts.next(clock.millis(), ranMs);
    }
}

package org.commonplace.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.commonplace.orchestrator.policy.Burst.Telling;
import org.junit.jupiter.api.Test;

/** When like lines are told one by one, and when counted and summed up. */
final class BurstTest {
    @Test
    void linesWithinTheLimitAreToldThenTheBurstBeginsAndIsCounted() {
        var burst = new Burst(3, 1000);
        assertThat(burst.happened(0, "a")).isEqualTo(Telling.LINE);
        assertThat(burst.happened(10, "b")).isEqualTo(Telling.LINE);
        assertThat(burst.happened(20, "c")).isEqualTo(Telling.LINE);
        assertThat(burst.happened(30, "d")).isEqualTo(Telling.BEGINS);
        assertThat(burst.happened(40, "e")).isEqualTo(Telling.COUNTED);
        assertThat(burst.happened(50, "f")).isEqualTo(Telling.COUNTED);
        var sum = burst.report(5030).orElseThrow();
        assertThat(sum.count()).isEqualTo(2);
        assertThat(sum.last()).isEqualTo("f");
        assertThat(sum.window()).isEqualTo("5.0 s");
    }

    @Test
    void aReportWithNothingCountedEndsTheBurst() {
        var burst = new Burst(1, 1000);
        burst.happened(0, "a");
        assertThat(burst.happened(1, "b")).isEqualTo(Telling.BEGINS);
        assertThat(burst.report(5000)).isEmpty();
        assertThat(burst.bursting()).isFalse();
        assertThat(burst.happened(6000, "c")).isEqualTo(Telling.LINE);
    }

    @Test
    void happeningsSpreadWiderThanTheWindowNeverMakeABurst() {
        var burst = new Burst(2, 1000);
        for (int i = 0; i < 100; i++) {
            assertThat(burst.happened(i * 500L, "x")).isEqualTo(Telling.LINE);
        }
    }

    @Test
    void aLongBurstIsSummedUpReportAfterReportWithEveryHappeningCountedOnce() {
        var burst = new Burst(0, 1000);
        assertThat(burst.happened(0, "x")).isEqualTo(Telling.BEGINS);
        int counted = 0;
        for (int report = 1; report <= 3; report++) {
            for (int i = 0; i < 1000; i++) {
                burst.happened(report * 5000L - 4000 + i, "x" + i);
            }
            counted += burst.report(report * 5000L).orElseThrow().count();
        }
        assertThat(counted).isEqualTo(3000);
    }

    /** A restart storm's and a repeated line's reports count every happening not told, the first of the burst too. */
    @Test
    void aBurstWhoseBeginningIsCountedHasItInTheFirstReport() {
        var burst = new Burst(1, 1000, Burst.Beginning.COUNTED);
        assertThat(burst.happened(0, "a")).isEqualTo(Telling.LINE);
        assertThat(burst.happened(10, "b")).isEqualTo(Telling.BEGINS);
        assertThat(burst.happened(20, "c")).isEqualTo(Telling.COUNTED);
        var sum = burst.report(5010).orElseThrow();
        assertThat(sum.count()).isEqualTo(2);
        assertThat(sum.last()).isEqualTo("c");
    }

    /** A process no longer restarted sums its storm up at once; the restarts told before it start no new one. */
    @Test
    void aReportOutsideABurstForgetsTheHappeningsToldLineByLine() {
        var burst = new Burst(2, 1000);
        burst.happened(0, "a");
        burst.happened(10, "b");
        assertThat(burst.report(20)).isEmpty();
        assertThat(burst.happened(30, "c")).isEqualTo(Telling.LINE);
        assertThat(burst.happened(40, "d")).isEqualTo(Telling.LINE);
        assertThat(burst.happened(50, "e")).isEqualTo(Telling.BEGINS);
    }
}

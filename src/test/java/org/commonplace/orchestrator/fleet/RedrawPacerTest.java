package org.commonplace.orchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Redraws on a fake clock: the first change at once, a burst as one draw, never two within the interval. */
final class RedrawPacerTest {
    private final AtomicLong clock = new AtomicLong(5_000);
    private final RedrawPacer pacer = new RedrawPacer(clock::get, 100);

    @Test
    void theFirstChangeIsDrawnAtOnceAndABurstAfterItWaitsForTheIntervalAsOneDraw() {
        assertThat(pacer.changed()).isZero();
        pacer.drawing();
        clock.addAndGet(30);
        assertThat(pacer.changed()).isEqualTo(70);
        assertThat(pacer.changed()).isEqualTo(-1);
        assertThat(pacer.changed()).isEqualTo(-1);
        clock.addAndGet(70);
        pacer.drawing();
        clock.addAndGet(500);
        assertThat(pacer.changed()).isZero();
    }

    @Test
    void aTimedRedrawAlsoCountsAsTheLastDraw() {
        pacer.drawing(); // the once-a-second redraw
        clock.addAndGet(10);
        assertThat(pacer.changed()).isEqualTo(90);
    }
}

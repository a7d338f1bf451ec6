package org.commonplace.orchestrator.fleet;

import org.commonplace.orchestrator.policy.Ticker;

/**
 * At most one redraw of the screen per interval: a burst of messages (the retained picture, a
 * republish of a whole fleet after a broker restart) is drawn once, at most an interval late.
 */
final class RedrawPacer {
    private final Ticker ticker;
    private final long intervalMs;
    private long lastDraw = Long.MIN_VALUE / 2;
    private boolean pending;

    RedrawPacer(Ticker ticker, long intervalMs) {
        this.ticker = ticker;
        this.intervalMs = intervalMs;
    }

    /**
     * Something changed. {@return the delay after which to draw, or -1 when a draw is already due
     * and will show this change too}
     */
    synchronized long changed() {
        if (pending) {
            return -1;
        }
        pending = true;
        return Math.max(0, lastDraw + intervalMs - ticker.millis());
    }

    /** A draw starts now; it shows every change so far. */
    synchronized void drawing() {
        pending = false;
        lastDraw = ticker.millis();
    }
}

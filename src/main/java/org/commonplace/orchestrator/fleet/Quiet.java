package org.commonplace.orchestrator.fleet;

import org.commonplace.orchestrator.policy.Ticker;

/**
 * When {@code watch --once} has the retained picture. A broker sends every retained message right
 * after the SUBACK, but MQTT marks no end of them: the picture is taken once nothing arrived for a
 * quiet spell, or at the limit after the subscription however busy the broker is.
 */
final class Quiet {
    private final Ticker ticker;
    private final long quietMs;
    private final long limitMs;
    private long start;
    private long last;

    Quiet(Ticker ticker, long quietMs, long limitMs) {
        this.ticker = ticker;
        this.quietMs = quietMs;
        this.limitMs = limitMs;
    }

    /** The subscription is acknowledged: the limit runs from now. */
    synchronized void begin() {
        start = ticker.millis();
        last = start;
    }

    /** A message arrived: the quiet spell starts again. */
    synchronized void heard() {
        last = ticker.millis();
    }

    /** {@return how long to wait still; 0 when the picture is complete} */
    synchronized long remainingMs() {
        long now = ticker.millis();
        return Math.max(0, Math.min(last + quietMs, start + limitMs) - now);
    }

    /** Waits until {@link #remainingMs} is 0 (a message only moves the end later, so no one needs to wake us). */
    void await() throws InterruptedException {
        long remaining;
        while ((remaining = remainingMs()) > 0) {
            synchronized (this) {
                wait(remaining);
            }
        }
    }
}

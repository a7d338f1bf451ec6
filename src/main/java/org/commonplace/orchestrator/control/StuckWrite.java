package org.commonplace.orchestrator.control;

import java.util.function.LongSupplier;

/**
 * Tells when a write to a client has waited too long: a reader that stopped reading (a paused pager,
 * a script that never reads) fills its socket, and a blocking write would then hold the connection's
 * thread (and what it sends) for ever. The writer marks each write's start and end; a periodic check
 * asks {@link #stuck} and closes the connection, which ends the write.
 *
 * <p>Thread-safe: the connection's thread writes, the timer thread checks.
 */
final class StuckWrite {
    private final LongSupplier nanoClock;
    private final long limitNanos;
    /** When the write under way began; {@link #IDLE} when none is. */
    private volatile long since = IDLE;
    private static final long IDLE = Long.MIN_VALUE;

    /**
     * @param nanoClock  a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param limitNanos how long one write may wait
     */
    StuckWrite(LongSupplier nanoClock, long limitNanos) {
        this.nanoClock = nanoClock;
        this.limitNanos = limitNanos;
    }

    /** A write begins. */
    void begin() {
        since = nanoClock.getAsLong();
    }

    /** The write is done (or failed). */
    void end() {
        since = IDLE;
    }

    /** {@return whether the write under way has waited longer than the limit} */
    boolean stuck() {
        long s = since;
        return s != IDLE && nanoClock.getAsLong() - s > limitNanos;
    }
}

package org.commonplace.orchestrator.policy;

/**
 * The restart delay and its bookkeeping for one process: the k-th consecutive restart waits
 * min(base x 2^(k-1), max); the count starts again when the process had run at least
 * {@link #STABLE_RUN_MS} before it exited.
 *
 * <p>A process's backoff is made from its restart block by {@link Restarts#of} only; the other
 * callers are reconnect loops with delays of their own.
 *
 * <p>Mutable, owned by the supervisor thread only. The doubling saturates instead of overflowing,
 * so a crash loop of any length keeps waiting the cap (the original plan's {@code 2^(n-1)} wrapped to
 * 0 after about 56 failures and spun).
 */
public final class Backoff {
    /** A run this long counts as stable and forgets earlier failures (the original plan's rule). */
    public static final long STABLE_RUN_MS = 30_000;

    private final long baseMs;
    private final long maxMs;
    private int consecutive;

    public Backoff(long baseMs, long maxMs) {
        if (baseMs < 0 || maxMs < baseMs) {
            throw new IllegalArgumentException("need 0 <= base <= max, got " + baseMs + ", " + maxMs);
        }
        this.baseMs = baseMs;
        this.maxMs = maxMs;
    }

    /**
     * Records an exit after a run of {@code ranMs} and returns the delay before the next start.
     *
     * @param ranMs how long the process ran (0 for a failed launch)
     * @return the delay in milliseconds
     */
    public long nextDelay(long ranMs) {
        if (ranMs >= STABLE_RUN_MS) {
            consecutive = 0;
        }
        if (consecutive < Integer.MAX_VALUE) {
            consecutive++;
        }
        return delayFor(consecutive);
    }

    /** {@return how many restarts in a row this delay run has counted (1 for the first)} */
    public int attempt() {
        return consecutive;
    }

    /** {@return min(base x 2^(k-1), max) for k >= 1, without overflow} */
    public long delayFor(int k) {
        if (k < 1) {
            return 0;
        }
        int shift = k - 1;
        if (baseMs == 0) {
            return 0;
        }
        if (shift >= 63 || baseMs > (maxMs >> Math.min(shift, 62))) {
            return maxMs;
        }
        return Math.min(baseMs << shift, maxMs);
    }
}

package org.commonplace.orchestrator.config;

/**
 * The {@code restart} block of one process.
 *
 * @param policy       when to restart
 * @param backoffMs    the delay before the first restart of a run of failures
 * @param maxBackoffMs the cap of the doubling delay
 * @param maxRestarts  how many restarts in a row (the count that drives the backoff) are allowed
 *                     before the process is given up as {@code failed}; {@link #UNLIMITED} (0): no limit
 */
public record RestartSpec(RestartPolicy policy, long backoffMs, long maxBackoffMs, int maxRestarts) {
    public static final long DEFAULT_BACKOFF_MS = 500;
    public static final long DEFAULT_MAX_BACKOFF_MS = 10_000;
    /** No {@code max_restarts}: restarted for ever, as before the key existed. */
    public static final int UNLIMITED = 0;

    public RestartSpec {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("max_restarts must be at least 1 (or unlimited), got " + maxRestarts);
        }
    }

    /** A restart block without {@code max_restarts}. */
    public RestartSpec(RestartPolicy policy, long backoffMs, long maxBackoffMs) {
        this(policy, backoffMs, maxBackoffMs, UNLIMITED);
    }

    /** {@return the defaults of the original plan: always, 500 ms, 10 s, no limit} */
    public static RestartSpec defaults() {
        return new RestartSpec(RestartPolicy.ALWAYS, DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS);
    }

    /** {@return whether {@code max_restarts} limits the restarts} */
    public boolean limited() {
        return maxRestarts != UNLIMITED;
    }
}

package org.commonplace.orchestrator.config;

/**
 * The {@code restart} block of one process.
 *
 * @param policy       when to restart
 * @param backoffMs    the delay before the first restart of a run of failures
 * @param maxBackoffMs the cap of the doubling delay
 */
public record RestartSpec(RestartPolicy policy, long backoffMs, long maxBackoffMs) {
    public static final long DEFAULT_BACKOFF_MS = 500;
    public static final long DEFAULT_MAX_BACKOFF_MS = 10_000;

    /** {@return the defaults of the original plan: always, 500 ms, 10 s} */
    public static RestartSpec defaults() {
        return new RestartSpec(RestartPolicy.ALWAYS, DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS);
    }
}

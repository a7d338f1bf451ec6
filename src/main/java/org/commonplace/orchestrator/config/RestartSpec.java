package org.commonplace.orchestrator.config;

/**
 * The {@code restart} block of one process.
 *
 * @param policy       when to restart
 * @param backoffMs    the delay before the first restart of a run of failures
 * @param maxBackoffMs the cap of the doubling delay
 * @param maxRestarts  how many restarts are allowed before the process is given up as {@code failed}
 *                     (those within {@code withinMs}, or without it those in a row: the count that
 *                     drives the backoff); {@link #UNLIMITED} (0): no limit
 * @param withinMs     OTP's restart period: more than {@code maxRestarts} restarts within any this
 *                     many milliseconds give up; {@link #IN_A_ROW} (0): counted in a row instead
 * @param successExitCodes the exit codes that are a success ({@code success_exit_codes}): not restarted by
 *                     {@code on_failure}, and the end of a one-shot job; empty: not given, only 0 (and a
 *                     job's own {@code exit} code)
 */
public record RestartSpec(RestartPolicy policy, long backoffMs, long maxBackoffMs, int maxRestarts, long withinMs,
                          java.util.Set<Integer> successExitCodes) {
    public static final long DEFAULT_BACKOFF_MS = 500;
    public static final long DEFAULT_MAX_BACKOFF_MS = 10_000;
    /** No {@code max_restarts}: restarted for ever, as before the key existed. */
    public static final int UNLIMITED = 0;
    /** No {@code within_ms}: {@code max_restarts} counts restarts in a row, as before the key existed. */
    public static final long IN_A_ROW = 0;

    public RestartSpec {
        successExitCodes = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(successExitCodes));
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("max_restarts must be at least 1 (or unlimited), got " + maxRestarts);
        }
        if (withinMs < 0 || (withinMs > 0 && maxRestarts == UNLIMITED)) {
            throw new IllegalArgumentException("within_ms needs max_restarts and must be at least 1, got "
                    + withinMs + " with max_restarts " + maxRestarts);
        }
    }

    /** A restart block where only exit code 0 is a success. */
    public RestartSpec(RestartPolicy policy, long backoffMs, long maxBackoffMs, int maxRestarts, long withinMs) {
        this(policy, backoffMs, maxBackoffMs, maxRestarts, withinMs, java.util.Set.of());
    }

    /** A restart block whose {@code max_restarts} (if any) counts restarts in a row. */
    public RestartSpec(RestartPolicy policy, long backoffMs, long maxBackoffMs, int maxRestarts) {
        this(policy, backoffMs, maxBackoffMs, maxRestarts, IN_A_ROW);
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

    /** {@return whether {@code max_restarts} counts the restarts within {@code within_ms} (not those in a row)} */
    public boolean windowed() {
        return withinMs != IN_A_ROW;
    }

    /** {@return whether exiting with {@code code} is a success: one of {@code success_exit_codes}, or 0 without them} */
    public boolean successCode(int code) {
        return successExitCodes.isEmpty() ? code == 0 : successExitCodes.contains(code);
    }

    /** {@return whether {@code success_exit_codes} was given} */
    public boolean hasSuccessCodes() {
        return !successExitCodes.isEmpty();
    }
}

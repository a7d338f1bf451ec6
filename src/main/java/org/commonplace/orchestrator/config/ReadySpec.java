package org.commonplace.orchestrator.config;

import java.util.Optional;

/**
 * A process's {@code ready} block: the check and how often and how long to try it.
 *
 * @param check      what has to succeed
 * @param intervalMs the pause between two attempts (≥ 1)
 * @param timeoutMs  how long after the start the process may take to become ready (≥ 1); a process
 *                   not ready by then has failed to start. {@link #NO_TIMEOUT} (an {@code exit} check
 *                   without {@code timeout_ms}): it may take as long as it takes, as a migration may
 * @param perReplica a replicated process's check that names {@code ${REPLICA}}, as written; then
 *                   {@code check} is replica 1's, and {@link #forReplica} makes each replica's
 */
public record ReadySpec(ReadyCheck check, long intervalMs, long timeoutMs, Optional<ReplicaCheck> perReplica) {
    public static final long DEFAULT_INTERVAL_MS = 250;
    public static final long DEFAULT_TIMEOUT_MS = 60_000;
    /** The timeout of an {@code exit} check unless one is given: none. */
    public static final long NO_TIMEOUT = 0;

    public ReadySpec {
        if (intervalMs < 1 || (timeoutMs < 1 && timeoutMs != NO_TIMEOUT)) {
            throw new IllegalArgumentException("interval and timeout must be at least 1 ms, got "
                    + intervalMs + " and " + timeoutMs);
        }
    }

    /** A check the same for every replica. */
    public ReadySpec(ReadyCheck check, long intervalMs, long timeoutMs) {
        this(check, intervalMs, timeoutMs, Optional.empty());
    }

    /**
     * {@return replica {@code index}'s ready block (1-based): its own check where the check names
     * {@code ${REPLICA}}, this block otherwise}
     *
     * @throws IllegalArgumentException when the number makes the check none (see {@link ReplicaCheck#forReplica})
     */
    public ReadySpec forReplica(int index) {
        return perReplica.map(written -> new ReadySpec(written.forReplica(index), intervalMs, timeoutMs)).orElse(this);
    }

    /** {@return the check with the default interval and timeout} */
    public static ReadySpec withDefaults(ReadyCheck check) {
        return new ReadySpec(check, DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS);
    }

    /** {@return whether a process not ready within {@link #timeoutMs} has failed to start} */
    public boolean hasTimeout() {
        return timeoutMs != NO_TIMEOUT;
    }

    /** {@return "tcp 127.0.0.1:8765 (every 250 ms, timeout 60000 ms)"; "exit code 0 (no timeout)"} */
    public String describe() {
        String timeout = hasTimeout() ? "timeout " + timeoutMs + " ms" : "no timeout";
        String what = perReplica.map(ReplicaCheck::describe).orElse(check.describe());
        if (check instanceof ReadyCheck.Exit || check instanceof ReadyCheck.MqttMessage) {
            return what + " (" + timeout + ")"; // nothing is tried at an interval
        }
        return what + " (every " + intervalMs + " ms, " + timeout + ")";
    }
}

package org.commonplace.orchestrator.config;

import java.util.List;
import java.util.Optional;

/**
 * A process's {@code liveness} block: how to tell, once it is ready, that it still works, and when
 * to give up on it. After {@link #failureThreshold} failed attempts in a row the process is
 * restarted through its normal stop sequence, and the restart counts as a failure for the backoff.
 *
 * @param check            what has to succeed: tcp, http, exec or mqtt (never log or exit)
 * @param intervalMs       the pause after one attempt's result before the next attempt (≥ 1)
 * @param failureThreshold how many failed attempts in a row mean "hung" (≥ 1)
 * @param timeoutMs        how long one attempt may take; an attempt that takes longer has failed (≥ 1)
 * @param perReplica       a replicated process's check that names {@code ${REPLICA}}, as written; then
 *                         {@code check} is replica 1's, and {@link #forReplica} makes each replica's
 */
public record LivenessSpec(ReadyCheck check, long intervalMs, int failureThreshold, long timeoutMs,
                           Optional<ReplicaCheck> perReplica) {
    /** The check kinds a liveness block may use: those that can be tried again and again. */
    public static final List<String> KINDS = List.of("tcp", "http", "exec", "mqtt");
    public static final long DEFAULT_INTERVAL_MS = 10_000;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final long DEFAULT_TIMEOUT_MS = 5_000;

    public LivenessSpec {
        if (check instanceof ReadyCheck.Log || check instanceof ReadyCheck.Exit) {
            throw new IllegalArgumentException("a liveness check cannot be " + check.describe());
        }
        if (intervalMs < 1 || failureThreshold < 1 || timeoutMs < 1) {
            throw new IllegalArgumentException("interval, threshold and timeout must be at least 1, got "
                    + intervalMs + ", " + failureThreshold + ", " + timeoutMs);
        }
    }

    /** A check the same for every replica. */
    public LivenessSpec(ReadyCheck check, long intervalMs, int failureThreshold, long timeoutMs) {
        this(check, intervalMs, failureThreshold, timeoutMs, Optional.empty());
    }

    /**
     * {@return replica {@code index}'s liveness block (1-based): its own check where the check names
     * {@code ${REPLICA}}, this block otherwise}
     *
     * @throws IllegalArgumentException when the number makes the check none (see {@link ReplicaCheck#forReplica})
     */
    public LivenessSpec forReplica(int index) {
        return perReplica.map(written -> new LivenessSpec(written.forReplica(index), intervalMs, failureThreshold, timeoutMs))
                .orElse(this);
    }

    /** {@return the check with the default interval, threshold and timeout} */
    public static LivenessSpec withDefaults(ReadyCheck check) {
        return new LivenessSpec(check, DEFAULT_INTERVAL_MS, DEFAULT_FAILURE_THRESHOLD, DEFAULT_TIMEOUT_MS);
    }

    /** {@return "http http://127.0.0.1:8765/ (every 10000 ms, restart after 3 failures, timeout 5000 ms)"} */
    public String describe() {
        return perReplica.map(ReplicaCheck::describe).orElse(check.describe()) + " (every " + intervalMs + " ms, restart after " + failureThreshold
                + (failureThreshold == 1 ? " failure" : " failures") + ", timeout " + timeoutMs + " ms)";
    }
}

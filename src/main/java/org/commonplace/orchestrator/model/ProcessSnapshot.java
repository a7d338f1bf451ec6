package org.commonplace.orchestrator.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One process as the supervisor saw it at one moment: immutable, safe to hand to any thread. The
 * control socket's {@code ps} and {@code watch}, the MQTT state messages and systemd's status are made of these.
 *
 * @param name          the process's name
 * @param state         its state
 * @param pid           the pid of its live child (also its process group id), or 0 when it has none
 * @param startedAt     when its current (or last) child was started; empty when never started
 * @param restarts      how many times it was started again after its first start (by policy or by hand)
 * @param lastExit      how its last child ended; empty when none has ended
 * @param lastExitAt    when that was
 * @param nextRestartAt when a backing-off process will be started again; empty otherwise
 * @param stoppedByHand whether a client stopped it (it stays stopped until started)
 * @param dependsOn     the supervised processes it depends on
 * @param health        its liveness: "ok" (its last check passed), "failing N" (N failed in a row), or
 *                      "unknown" (it has no liveness check, is not running, or has had no result yet)
 * @param restartWindow the restarts its {@code max_restarts} is measured against, and that limit
 * @param nextRunAt     when its {@code schedule} runs it next; empty without a schedule (or a time to come)
 * @param user          the user it runs as; empty when it runs as the orchestrator does
 */
public record ProcessSnapshot(String name, ProcessState state, long pid, Optional<Instant> startedAt, int restarts,
                              Optional<ExitStatus> lastExit, Optional<Instant> lastExitAt,
                              Optional<Instant> nextRestartAt, boolean stoppedByHand, List<String> dependsOn,
                              String health, RestartWindowCount restartWindow, Optional<Instant> nextRunAt,
                              Optional<String> user) {
    public static final String UNKNOWN_HEALTH = "unknown";

    /**
     * The restarts that count towards giving up, as of the snapshot: those within {@code withinMs},
     * or (with {@code withinMs} 0) those in a row since the last stable run.
     *
     * @param restarts    how many there are
     * @param maxRestarts how many are allowed (more gives up); 0: no limit
     * @param withinMs    the window they are counted in; 0: in a row
     */
    public record RestartWindowCount(int restarts, int maxRestarts, long withinMs) {
        /** Nothing counted and no limit. */
        public static final RestartWindowCount NONE = new RestartWindowCount(0, 0, 0);
    }

    /** A snapshot of a process without a schedule, that runs as the orchestrator does. */
    public ProcessSnapshot(String name, ProcessState state, long pid, Optional<Instant> startedAt, int restarts,
                           Optional<ExitStatus> lastExit, Optional<Instant> lastExitAt,
                           Optional<Instant> nextRestartAt, boolean stoppedByHand, List<String> dependsOn, String health,
                           RestartWindowCount restartWindow) {
        this(name, state, pid, startedAt, restarts, lastExit, lastExitAt, nextRestartAt, stoppedByHand, dependsOn, health,
                restartWindow, Optional.empty(), Optional.empty());
    }

    /** A snapshot without a restart count (a process that was never restarted, or a view that does not know it). */
    public ProcessSnapshot(String name, ProcessState state, long pid, Optional<Instant> startedAt, int restarts,
                           Optional<ExitStatus> lastExit, Optional<Instant> lastExitAt,
                           Optional<Instant> nextRestartAt, boolean stoppedByHand, List<String> dependsOn, String health) {
        this(name, state, pid, startedAt, restarts, lastExit, lastExitAt, nextRestartAt, stoppedByHand, dependsOn, health,
                RestartWindowCount.NONE, Optional.empty(), Optional.empty());
    }

    public ProcessSnapshot {
        dependsOn = List.copyOf(dependsOn);
    }

    /** {@return whether it is running and has passed its ready check (dependents may start)} */
    public boolean ready() {
        return state == ProcessState.RUNNING;
    }
}

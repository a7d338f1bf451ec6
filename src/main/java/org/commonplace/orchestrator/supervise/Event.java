package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ExitStatus;

/**
 * What the supervisor loop reacts to. Posted from any thread; handled on the loop thread only.
 * Events about one run of a process carry its {@code runId}, so a late event about an earlier run
 * (a timer that fired just as it was cancelled) is recognised and ignored.
 */
public sealed interface Event {
    /** A child exited, or was killed: {@code status} says which. */
    record Exited(String name, int runId, ExitStatus status) implements Event {
        /** A child that exited by itself with {@code code} (never a signal, whatever the number). */
        Exited(String name, int runId, int code) {
            this(name, runId, ExitStatus.exited(code));
        }
    }

    /** A restart delay has passed. */
    record RestartDue(String name, int runId) implements Event {
    }

    /** A starting child passed its ready check. */
    record Ready(String name, int runId) implements Event {
    }

    /** A starting child did not pass its ready check within its timeout. */
    record ReadyTimedOut(String name, int runId) implements Event {
    }

    /** Time to say again that a process still waits for its dependencies. */
    record WaitNotice(String name) implements Event {
    }

    /** Time to sum up a process's restart storm. */
    record StormReport(String name) implements Event {
    }

    /** Time for the next attempt of a running process's liveness check. */
    record LivenessDue(String name, int runId) implements Event {
    }

    /** Attempt number {@code attempt} of a liveness check ended: passed, or failed for {@code reason}. */
    record LivenessResult(String name, int runId, int attempt, boolean passed, String reason) implements Event {
    }

    /** Attempt number {@code attempt} of a liveness check has not answered within its timeout. */
    record LivenessTimedOut(String name, int runId, int attempt) implements Event {
    }

    /** Time to look whether a process with {@code silence_ms} has written anything lately. */
    record SilenceDue(String name, int runId) implements Event {
    }

    /** Time to measure the processes that have a memory limit (one sampler for all of them). */
    record MemoryDue() implements Event {
    }

    /**
     * The resident memory of the process groups measured for a {@link MemoryDue}.
     *
     * @param measured the runs that were measured: name to runId and pid (also the process group)
     * @param rssBytes pgid to the summed RSS of its members; a group that is gone is absent
     */
    record MemorySampled(java.util.Map<String, long[]> measured, java.util.Map<Long, Long> rssBytes) implements Event {
    }

    /** A stopping child did not exit within its stop timeout. */
    record StopTimedOut(String name, int runId) implements Event {
    }

    /**
     * Stop everything: SIGINT, SIGTERM or SIGHUP arrived. A second request (or {@code force}) kills
     * every process group at once.
     */
    record StopRequested(String reason, boolean force) implements Event {
    }

    /** A child was stopped by {@code signal} (SIGSTOP, SIGTSTP, ...) or, when not {@code stopped}, continued. */
    record JobControl(long pid, boolean stopped, int signal) implements Event {
    }

    /** Print the process table (name, state, pid, restarts): SIGUSR2 arrived. */
    record StatusRequested(String reason) implements Event {
    }

    /**
     * A core thread (the I/O loop, the orphan reaper, any thread ended by an {@code Error}) failed:
     * stop everything and exit non-zero. {@code stillServing}: the thread goes on well enough for a
     * stop in order to see the children exit.
     */
    record CoreFailed(String what, String cause, boolean stillServing) implements Event {
    }

    /** The next batch of a large start is due (posted by the loop to itself, behind what is queued). */
    record StartMore() implements Event {
    }

    /** A line to print in order with the loop's own, such as a signal that was ignored. */
    record Say(String line) implements Event {
    }

    /**
     * A client's command (the control socket): carried out on the loop, answered through {@code reply},
     * which is completed on the loop thread (so whoever waits on it must not block the loop).
     */
    record Control(Command command, java.util.concurrent.CompletableFuture<CommandReply> reply) implements Event {
    }

    /**
     * What the broker says of a remote dependency ({@code INSTANCE/NAME}) changed: whether it is ready
     * (its state running and its instance online), and in words how it is.
     */
    record RemoteDependency(String dependency, boolean satisfied, String detail) implements Event {
    }

    /**
     * Runs an action on the loop thread: the systemd watchdog ping (sent only while the loop turns),
     * and tests that inject a failing handler.
     */
    record Call(Runnable action) implements Event {
    }
}

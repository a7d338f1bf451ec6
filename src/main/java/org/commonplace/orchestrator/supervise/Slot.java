package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.policy.Restarts;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.Launched;

/**
 * The supervisor's record of one process. Mutable, and touched by the supervisor thread only.
 */
final class Slot {
    ManagedProcess spec;
    /** Its restart delay and the count max_restarts limits; a fresh one forgets earlier restarts. */
    Restarts restarts;
    /** Counts a crash loop's restarts instead of telling each. */
    final RestartStorm storm = new RestartStorm();
    ProcessState state = ProcessState.WAITING;
    /** Incremented at every start attempt; events about older runs are ignored. */
    int runId;
    Child child;
    long startedAtMs;
    long stopSentAtMs;
    Scheduler.Cancellable timer;
    ExitStatus lastExit;
    /** Whether the group had to be killed during the stop (the exit code is then 1). */
    boolean killed;
    /** When the current wait for dependencies began (0: not waiting), for the "waits for" notes. */
    long waitingSinceMs;
    /** The interval until the next "still waits" reminder (0: the wait has not been announced). */
    long waitReminderMs;
    /** Watches the ready check of the current run while STARTING. */
    ReadinessWatcher.Watch readiness;
    /** Fires when the ready check has had its time. */
    Scheduler.Cancellable readyTimer;
    /** The liveness check of the current run, once it is ready; null without one. */
    Liveness liveness;
    /** When the current run last wrote output (its silence watchdog's); null without {@code silence_ms}. */
    SilenceWatch.Heard heard;
    /** When {@link #lastExit} happened (ticker time). */
    long lastExitAtMs;
    /** When a BACKING_OFF process is due to start again (ticker time). */
    long nextRestartAtMs;
    /** What is to become of it once its current state has run its course (see {@link Transitions}). */
    Intent intent = Intent.NONE;
    /**
     * The dependencies that bind it ({@code "restart": true}) and were up when it last started from
     * WAITING: when one goes down, it is stopped and waits for it again ({@link Transitions.Trigger#DEPENDENCY_DOWN}).
     */
    java.util.List<String> boundTo = java.util.List.of();
    /** When its schedule runs it next (set by {@link Schedules}); null without a schedule or a time to come. */
    java.time.Instant nextRunAt;
    /** Started already, side by side with others, for the spawn about to happen; null otherwise. */
    Launched prelaunched;

    Slot(ManagedProcess spec) {
        this.spec = spec;
        this.restarts = Restarts.of(spec.restart());
    }

    /**
     * {@return whether it is FAILED because its restarts passed {@code max_restarts}} (a start by hand
     * gives it fresh {@link #restarts}): how it ended, for the lines that say so.
     */
    boolean gaveUp() {
        return state == ProcessState.FAILED && restarts.exhausted();
    }

    String name() {
        return spec.name();
    }

    /** {@return whether a client stopped it (it stays stopped, and keeps the orchestrator running, until started)} */
    boolean stoppedByHand() {
        return intent.kind() == Intent.Kind.STOP_BY_HAND;
    }

    /** {@return whether a reload removed it (it is dropped once it has stopped)} */
    boolean removed() {
        return intent.kind() == Intent.Kind.REMOVE;
    }

    /** {@return whether its child lives and is not being stopped: STARTING, RUNNING or PAUSED} */
    boolean alive() {
        return state == ProcessState.STARTING || state == ProcessState.RUNNING || state == ProcessState.PAUSED;
    }

    /** {@return whether it is a one-shot job that did its job (exited with its code) and has not run since} */
    boolean completed() {
        return spec.isJob() && satisfiesDependents();
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Stops trying the liveness check, if it is tried; its late results are ignored. */
    void cancelLiveness() {
        if (liveness != null) {
            liveness.close();
            liveness = null;
        }
    }

    /** Stops watching the ready check, if it is watched, and the liveness check with it. */
    void cancelReadiness() {
        cancelLiveness();
        if (readiness != null) {
            readiness.cancel();
            readiness = null;
        }
        if (readyTimer != null) {
            readyTimer.cancel();
            readyTimer = null;
        }
    }

    /**
     * {@return whether dependents may start: a one-shot job (an {@code exit} ready check) once it has
     * exited with its code; any other process while it runs ready, or once it has ended cleanly for good}
     */
    boolean satisfiesDependents() {
        if (spec.isJob()) {
            return state == ProcessState.STOPPED && lastExit != null && spec.finishes(lastExit);
        }
        return state == ProcessState.RUNNING
                || (state == ProcessState.STOPPED && lastExit != null && spec.succeeded(lastExit) && !stoppedByHand());
    }
}

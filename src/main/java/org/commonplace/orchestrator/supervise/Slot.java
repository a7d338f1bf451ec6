package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.policy.Backoff;
import org.commonplace.orchestrator.spawn.Child;

/**
 * The supervisor's record of one process. Mutable, and touched by the supervisor thread only.
 */
final class Slot {
    final ManagedProcess spec;
    final Backoff backoff;
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
    /** Whether the "waits for" note was already printed for the current wait. */
    boolean waitAnnounced;

    Slot(ManagedProcess spec) {
        this.spec = spec;
        this.backoff = new Backoff(spec.restart().backoffMs(), spec.restart().maxBackoffMs());
    }

    String name() {
        return spec.name();
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** {@return whether dependents may start: running, or finished cleanly for good (a one-shot job)} */
    boolean satisfiesDependents() {
        return state == ProcessState.RUNNING
                || (state == ProcessState.STOPPED && lastExit != null && lastExit.isClean());
    }
}

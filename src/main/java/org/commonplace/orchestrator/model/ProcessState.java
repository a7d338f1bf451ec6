package org.commonplace.orchestrator.model;

/**
 * Where one supervised process is in its life. The supervisor moves a process between these states
 * only through its transition table ({@code supervise.Transitions}); docs/lifecycle.md draws it.
 */
public enum ProcessState {
    /** Not started yet: some dependency is not running. */
    WAITING,
    /** Its process is alive but not ready yet: its ready check has not passed (a one-shot job: it has not exited yet). */
    STARTING,
    /** Its process is alive and ready (at once when it has no ready check): dependents may start. */
    RUNNING,
    /**
     * Its process is alive but stopped by a signal (SIGSTOP, SIGTSTP): it runs nothing until continued
     * (SIGCONT), and dependents do not start on it meanwhile.
     */
    PAUSED,
    /** It exited (or failed to start) and waits out its restart delay. */
    BACKING_OFF,
    /** It was sent its stop signal; its exit is awaited, then the stop timeout kills its group. */
    STOPPING,
    /** Ended for good: stopped by us, or exited and its policy does not restart it. */
    STOPPED,
    /** Ended for good after a failure its policy does not restart. */
    FAILED;

    /** {@return whether a process of this state may still have a live child} */
    public boolean hasLiveChild() {
        return this == STARTING || this == RUNNING || this == PAUSED || this == STOPPING;
    }

    /** {@return whether nothing more will happen to the process on its own} */
    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}

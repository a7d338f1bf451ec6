package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ProcessState;

/**
 * The transition table: for every (state, trigger), the action the supervisor takes. The supervisor
 * consults nothing else to decide what a trigger means for a process, and a test walks every cell.
 */
final class Transitions {
    /** What happened to one process. */
    enum Trigger {
        /** All its dependencies are running (or completed). */
        DEPENDENCIES_MET,
        /** Its child exited. */
        EXITED,
        /** Its child passed its ready check. */
        READY,
        /** Its child did not pass its ready check in time. */
        NOT_READY,
        /** Its restart delay is over. */
        RESTART_DUE,
        /**
         * The orchestrator is stopping and every dependent of this process has exited; or a client
         * asked it to stop (and every dependent asked to stop with it has exited).
         */
        STOP,
        /** It did not stop within its stop timeout, or a forced stop was asked for. */
        KILL,
        /** Its child exited with the code its {@code exit} ready check names: a one-shot job is done. */
        FINISHED,
        /** A client asked for it to be started (start or restart by hand, a reload that changed it). */
        START,
        /** It failed its liveness check {@code failure_threshold} times in a row, or uses more memory than its limit. */
        UNHEALTHY
    }

    /** What the supervisor does about it. */
    enum Action {
        /** Start the child: STARTING (RUNNING without a ready check), or BACKING_OFF / FAILED when it cannot start. */
        SPAWN,
        /** Its ready check passed: RUNNING, and dependents may start. */
        MARK_READY,
        /** It failed to become ready: stop it like any stop (STOPPING), then restart it under its policy. */
        STOP_UNREADY,
        /** It hangs or leaks (said by whoever noticed): stop it like any stop (STOPPING), then restart it as after a failure. */
        STOP_UNHEALTHY,
        /** Decide by policy: BACKING_OFF with a delay, or STOPPED / FAILED. */
        DECIDE_RESTART,
        /** Send the stop signal and arm the stop timeout: STOPPING. */
        SIGNAL_STOP,
        /** Call off the pending restart: STOPPED. */
        CANCEL_RESTART,
        /** Never started, never will be: STOPPED. */
        ABANDON,
        /** The stopping child exited: STOPPED. */
        RECORD_STOPPED,
        /** SIGKILL its process group; the exit follows. */
        KILL_GROUP,
        /** A one-shot job did its work: STOPPED for good, and its dependents may start. */
        COMPLETE,
        /** Call off a pending restart, forget the backoff: WAITING, so it starts once its dependencies are met. */
        REQUEUE,
        /** Nothing to do: a stale or redundant trigger. */
        IGNORE
    }

    private Transitions() {
    }

    static Action actionFor(ProcessState state, Trigger trigger) {
        return switch (state) {
            case WAITING -> switch (trigger) {
                case DEPENDENCIES_MET -> Action.SPAWN;
                case STOP -> Action.ABANDON;
                case EXITED, READY, NOT_READY, RESTART_DUE, KILL, FINISHED, START, UNHEALTHY -> Action.IGNORE;
            };
            case STARTING -> switch (trigger) {
                case READY -> Action.MARK_READY;
                case NOT_READY -> Action.STOP_UNREADY;
                case EXITED -> Action.DECIDE_RESTART;
                case FINISHED -> Action.COMPLETE;
                case STOP -> Action.SIGNAL_STOP;
                case KILL -> Action.KILL_GROUP;
                case UNHEALTHY -> Action.STOP_UNHEALTHY;
                case DEPENDENCIES_MET, RESTART_DUE, START -> Action.IGNORE;
            };
            case RUNNING -> switch (trigger) {
                // FINISHED cannot come here (a process with an exit check is never RUNNING): an exit.
                case EXITED, FINISHED -> Action.DECIDE_RESTART;
                case STOP -> Action.SIGNAL_STOP;
                case KILL -> Action.KILL_GROUP;
                case UNHEALTHY -> Action.STOP_UNHEALTHY;
                case DEPENDENCIES_MET, READY, NOT_READY, RESTART_DUE, START -> Action.IGNORE;
            };
            case BACKING_OFF -> switch (trigger) {
                case RESTART_DUE -> Action.SPAWN;
                case STOP -> Action.CANCEL_RESTART;
                case START -> Action.REQUEUE;
                case DEPENDENCIES_MET, EXITED, READY, NOT_READY, KILL, FINISHED, UNHEALTHY -> Action.IGNORE;
            };
            case STOPPING -> switch (trigger) {
                // Stopped while at its job: it is stopped, whatever code it ended with.
                case EXITED, FINISHED -> Action.RECORD_STOPPED;
                case KILL -> Action.KILL_GROUP;
                case DEPENDENCIES_MET, READY, NOT_READY, RESTART_DUE, STOP, START, UNHEALTHY -> Action.IGNORE;
            };
            case STOPPED, FAILED -> trigger == Trigger.START ? Action.REQUEUE : Action.IGNORE;
        };
    }
}

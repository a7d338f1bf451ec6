package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.Intent.Kind;

/**
 * The transition table: for every (state, intent, trigger), the action the supervisor takes, the
 * state the process is in afterwards and its intent afterwards. The supervisor consults nothing else
 * to decide what a trigger means for a process, and {@code TransitionsTest} walks every cell;
 * docs/lifecycle.md draws it. A process's intent ({@link Intent}) is the one thing besides its state
 * that the table reads: what is to become of it once its current state has run its course.
 */
final class Transitions {
    /** What happened to one process, or what was asked of it. */
    enum Trigger {
        /** All its dependencies are running (or completed). */
        DEPENDENCIES_MET,
        /** Its child exited. */
        EXITED,
        /** Its child exited with the code its {@code exit} ready check names: a one-shot job is done. */
        FINISHED,
        /** Its child passed its ready check. */
        READY,
        /** Its child did not pass its ready check in time. */
        NOT_READY,
        /** It failed its liveness check {@code failure_threshold} times in a row, or uses more memory than its limit. */
        UNHEALTHY,
        /** Its restart delay is over. */
        RESTART_DUE,
        /**
         * Send the stop signal now: the orchestrator stops and every dependent has exited; or it is to
         * stop by hand (or removed) and every dependent stopped with it has exited.
         */
        STOP,
        /** It did not stop within its stop timeout, or a forced stop was asked for. */
        KILL,
        /** A client asked for it to be started. */
        START,
        /** A client asked for it to be restarted. */
        RESTART,
        /** A client asked for it to be stopped (it stops once its dependents stopped with it have). */
        STOP_BY_HAND,
        /** A reload changed how it runs: it runs with the new spec from its next start. */
        REPLACE,
        /** A reload removed it: it stops, and is dropped once it has. */
        REMOVE,
        /** Its child was stopped by a signal (SIGSTOP, SIGTSTP). */
        JOB_STOPPED,
        /** Its child was continued (SIGCONT). */
        JOB_CONTINUED,
        /**
         * A dependency that binds it ({@code "restart": true}) goes down (it crashed, is unhealthy, is
         * restarted by hand or reloaded): it is to stop, its own bound dependents first, and start again
         * once that dependency is back.
         */
        DEPENDENCY_DOWN
    }

    /** What the supervisor does about it. */
    enum Action {
        /** Start the child: STARTING (RUNNING without a ready check), or BACKING_OFF / FAILED when it cannot start. */
        SPAWN,
        /** Its ready check passed: RUNNING, and dependents may start. */
        MARK_READY,
        /** It failed to become ready: stop it like any stop (STOPPING); its exit is then a failure (RECOVER). */
        STOP_UNREADY,
        /** It hangs or leaks (said by whoever noticed): stop it like any stop; its exit is then a failure (RECOVER). */
        STOP_UNHEALTHY,
        /** Decide by policy: BACKING_OFF with a delay, or STOPPED / FAILED. */
        DECIDE_RESTART,
        /** It exited while it was to stop for good anyway: STOPPED, not restarted. */
        RECORD_EXIT,
        /** Send the stop signal and arm the stop timeout: STOPPING. */
        SIGNAL_STOP,
        /** Call off the pending restart: STOPPED. */
        CANCEL_RESTART,
        /** Never started, never will be: STOPPED. */
        ABANDON,
        /** The stopping child exited: STOPPED. */
        RECORD_STOPPED,
        /** The child stopped to be started again (restart, reload): requeued, WAITING. */
        RESTART_STOPPED,
        /** The child stopped as a failure (not ready, unhealthy): decided by policy as a failed exit. */
        RECOVER_STOPPED,
        /** SIGKILL its process group; the exit follows. */
        KILL_GROUP,
        /** A one-shot job did its work: STOPPED for good, and its dependents may start. */
        COMPLETE,
        /**
         * Call off a pending restart, forget the backoff, take a replaced spec: WAITING, so it starts
         * once its dependencies are met.
         */
        REQUEUE,
        /** Take the new spec now, without starting it (it stays stopped by hand). */
        SWAP_SPEC,
        /** Say that its child was stopped by a signal: PAUSED (a STARTING one stays STARTING, not ready). */
        PAUSE,
        /** Say that its child was continued: RUNNING again after PAUSED. */
        RESUME,
        /** Nothing to do now but take the new intent (if any). */
        NOTE,
        /** Nothing to do: a stale or redundant trigger. */
        IGNORE
    }

    /**
     * A cell of the table.
     *
     * @param action what the supervisor does
     * @param next   the state afterwards; null where the action decides it (by the restart policy, or
     *               whether the child could be started and has a ready check: see {@link Action})
     * @param intent the intent afterwards (a REPLACE carries the trigger's spec); null: unchanged
     */
    record Outcome(Action action, ProcessState next, Kind intent) {
        static final Outcome IGNORED = new Outcome(Action.IGNORE, null, null);
    }

    private Transitions() {
    }

    /** {@return what {@code trigger} means for a process in {@code state} with {@code intent}} */
    static Outcome of(ProcessState state, Kind intent, Trigger trigger) {
        return switch (state) {
            case WAITING -> waiting(intent, trigger);
            case STARTING, RUNNING, PAUSED -> live(state, intent, trigger);
            case BACKING_OFF -> backingOff(intent, trigger);
            case STOPPING -> stopping(intent, trigger);
            case STOPPED, FAILED -> ended(state, intent, trigger);
        };
    }

    private static Outcome waiting(Kind intent, Trigger trigger) {
        return switch (trigger) {
            // While the orchestrator stops, nothing starts.
            case DEPENDENCIES_MET -> intent == Kind.SHUTDOWN ? to(Action.ABANDON, ProcessState.STOPPED) : decided(Action.SPAWN);
            case STOP -> to(Action.ABANDON, ProcessState.STOPPED);
            case STOP_BY_HAND -> to(Action.ABANDON, ProcessState.STOPPED, Kind.STOP_BY_HAND);
            case REMOVE -> to(Action.ABANDON, ProcessState.STOPPED, Kind.REMOVE);
            case START, RESTART -> to(Action.REQUEUE, ProcessState.WAITING, Kind.NONE);
            case REPLACE -> to(Action.REQUEUE, ProcessState.WAITING, Kind.REPLACE);
            case EXITED, FINISHED, READY, NOT_READY, UNHEALTHY, RESTART_DUE, KILL, JOB_STOPPED, JOB_CONTINUED,
                 DEPENDENCY_DOWN -> Outcome.IGNORED;
        };
    }

    /** STARTING, RUNNING and PAUSED: a child that lives. */
    private static Outcome live(ProcessState state, Kind intent, Trigger trigger) {
        boolean starting = state == ProcessState.STARTING;
        return switch (trigger) {
            // FINISHED comes only while STARTING (a process with an exit check is never RUNNING); else an exit.
            case FINISHED -> starting
                    // A job done is done: a stop by hand waiting for its dependents has nothing left to stop.
                    ? to(Action.COMPLETE, ProcessState.STOPPED, intent == Kind.REMOVE || intent == Kind.SHUTDOWN ? null : Kind.NONE)
                    : exited(intent);
            case EXITED -> exited(intent);
            case READY -> starting ? to(Action.MARK_READY, ProcessState.RUNNING) : Outcome.IGNORED;
            case NOT_READY -> starting ? to(Action.STOP_UNREADY, ProcessState.STOPPING, recover(intent)) : Outcome.IGNORED;
            case UNHEALTHY -> to(Action.STOP_UNHEALTHY, ProcessState.STOPPING, recover(intent));
            case STOP -> to(Action.SIGNAL_STOP, ProcessState.STOPPING);
            case KILL -> to(Action.KILL_GROUP, ProcessState.STOPPING);
            // It runs: a stop by hand that waits for its dependents is called off.
            case START -> new Outcome(Action.NOTE, state, Kind.NONE);
            // The stop signal follows (STOP) once the dependents bound to it ("restart": true) have exited.
            case RESTART -> new Outcome(Action.NOTE, state, Kind.RESTART);
            case REPLACE -> to(Action.SIGNAL_STOP, ProcessState.STOPPING, Kind.REPLACE);
            // The stop signal follows (STOP) once the dependents stopped with it have exited.
            case STOP_BY_HAND -> new Outcome(Action.NOTE, state, Kind.STOP_BY_HAND);
            case REMOVE -> new Outcome(Action.NOTE, state, Kind.REMOVE);
            case JOB_STOPPED -> state == ProcessState.PAUSED ? Outcome.IGNORED
                    : new Outcome(Action.PAUSE, starting ? ProcessState.STARTING : ProcessState.PAUSED, null);
            case JOB_CONTINUED -> new Outcome(Action.RESUME, starting ? ProcessState.STARTING : ProcessState.RUNNING, null);
            // Bound to a dependency that goes down: it restarts with it, unless it goes elsewhere already.
            case DEPENDENCY_DOWN -> intent == Kind.NONE || intent == Kind.RECOVER ? new Outcome(Action.NOTE, state, Kind.RESTART) : Outcome.IGNORED;
            case DEPENDENCIES_MET, RESTART_DUE -> Outcome.IGNORED;
        };
    }

    /** What an exit of a live child means: restarted by policy, unless it was to stop anyway. */
    private static Outcome exited(Kind intent) {
        return switch (intent) {
            case STOP_BY_HAND, REMOVE, SHUTDOWN -> to(Action.RECORD_EXIT, ProcessState.STOPPED);
            case RESTART, REPLACE -> to(Action.RESTART_STOPPED, ProcessState.WAITING, Kind.NONE);
            case NONE, RECOVER -> decided(Action.DECIDE_RESTART, Kind.NONE);
        };
    }

    /** Stopped as a failure, unless it was to stop (or start again) for another reason already. */
    private static Kind recover(Kind intent) {
        return intent == Kind.NONE ? Kind.RECOVER : null;
    }

    private static Outcome backingOff(Kind intent, Trigger trigger) {
        return switch (trigger) {
            case RESTART_DUE -> intent == Kind.SHUTDOWN ? to(Action.CANCEL_RESTART, ProcessState.STOPPED) : decided(Action.SPAWN);
            case STOP -> to(Action.CANCEL_RESTART, ProcessState.STOPPED);
            case STOP_BY_HAND -> to(Action.CANCEL_RESTART, ProcessState.STOPPED, Kind.STOP_BY_HAND);
            case REMOVE -> to(Action.CANCEL_RESTART, ProcessState.STOPPED, Kind.REMOVE);
            case START, RESTART -> to(Action.REQUEUE, ProcessState.WAITING, Kind.NONE);
            case REPLACE -> to(Action.REQUEUE, ProcessState.WAITING, Kind.REPLACE);
            case DEPENDENCIES_MET, EXITED, FINISHED, READY, NOT_READY, UNHEALTHY, KILL, JOB_STOPPED, JOB_CONTINUED,
                 DEPENDENCY_DOWN -> Outcome.IGNORED;
        };
    }

    private static Outcome stopping(Kind intent, Trigger trigger) {
        return switch (trigger) {
            // Stopped while at its job: it is stopped, whatever code it ended with.
            case EXITED, FINISHED -> switch (intent) {
                case RESTART, REPLACE -> to(Action.RESTART_STOPPED, ProcessState.WAITING, Kind.NONE);
                case RECOVER -> decided(Action.RECOVER_STOPPED, Kind.NONE);
                case NONE, STOP_BY_HAND, REMOVE, SHUTDOWN -> to(Action.RECORD_STOPPED, ProcessState.STOPPED);
            };
            case KILL -> to(Action.KILL_GROUP, ProcessState.STOPPING);
            case START, RESTART -> new Outcome(Action.NOTE, ProcessState.STOPPING, Kind.RESTART);
            case STOP_BY_HAND -> new Outcome(Action.NOTE, ProcessState.STOPPING, Kind.STOP_BY_HAND);
            // Stopped by hand it stays: the new spec is its spec from now on, for its next start by hand.
            case REPLACE -> intent == Kind.STOP_BY_HAND ? new Outcome(Action.SWAP_SPEC, ProcessState.STOPPING, null)
                    : new Outcome(Action.NOTE, ProcessState.STOPPING, Kind.REPLACE);
            case REMOVE -> new Outcome(Action.NOTE, ProcessState.STOPPING, Kind.REMOVE);
            case DEPENDENCIES_MET, READY, NOT_READY, UNHEALTHY, RESTART_DUE, STOP, JOB_STOPPED, JOB_CONTINUED,
                 DEPENDENCY_DOWN -> Outcome.IGNORED;
        };
    }

    /** STOPPED and FAILED: nothing happens by itself any more. */
    private static Outcome ended(ProcessState state, Kind intent, Trigger trigger) {
        return switch (trigger) {
            case START, RESTART -> to(Action.REQUEUE, ProcessState.WAITING, Kind.NONE);
            case REPLACE -> intent == Kind.STOP_BY_HAND ? new Outcome(Action.SWAP_SPEC, state, null)
                    : to(Action.REQUEUE, ProcessState.WAITING, Kind.REPLACE);
            // A failed process is not marked stopped by hand: it did not stop because of the client.
            case STOP_BY_HAND -> state == ProcessState.STOPPED ? new Outcome(Action.NOTE, state, Kind.STOP_BY_HAND) : Outcome.IGNORED;
            case REMOVE -> new Outcome(Action.NOTE, state, Kind.REMOVE);
            case DEPENDENCIES_MET, EXITED, FINISHED, READY, NOT_READY, UNHEALTHY, RESTART_DUE, STOP, KILL, JOB_STOPPED,
                 JOB_CONTINUED, DEPENDENCY_DOWN -> Outcome.IGNORED;
        };
    }

    private static Outcome to(Action action, ProcessState next) {
        return new Outcome(action, next, null);
    }

    private static Outcome to(Action action, ProcessState next, Kind intent) {
        return new Outcome(action, next, intent);
    }

    private static Outcome decided(Action action) {
        return new Outcome(action, null, null);
    }

    private static Outcome decided(Action action, Kind intent) {
        return new Outcome(action, null, intent);
    }
}

package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.Transitions.Action;
import org.commonplace.orchestrator.supervise.Transitions.Outcome;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * Carries out one cell of the transition table for one process: its intent first, then the action,
 * then the state the table names (where the action does not decide it by policy). The only place
 * that turns a trigger into a change of a slot. Supervisor thread only.
 */
final class Lifecycle {
    private final Actions actions;
    private final Stops stops;
    private final HealthChecks health;

    Lifecycle(Actions actions, Stops stops, HealthChecks health) {
        this.actions = actions;
        this.stops = stops;
        this.health = health;
    }

    /**
     * @param status   how the child ended, for the triggers of an exit; else null
     * @param spec     the new spec that goes with a {@link Trigger#REPLACE}; else null
     * @param stopping whether the orchestrator stops (then nothing starts or restarts: intent SHUTDOWN)
     */
    void apply(Slot slot, Trigger trigger, ExitStatus status, ManagedProcess spec, boolean stopping) {
        if (stopping && !slot.intent.stopsForGood()) {
            slot.intent = Intent.SHUTDOWN;
        }
        Outcome outcome = Transitions.of(slot.state, slot.intent.kind(), trigger);
        Intent was = slot.intent;
        if (outcome.intent() != null) {
            slot.intent = Intent.of(outcome.intent(), spec != null ? spec : slot.intent.spec());
        }
        // The spec a requeue starts it with: the one a REPLACE carried (now, or until this outcome).
        ManagedProcess replacement = slot.intent.kind() == Intent.Kind.REPLACE ? slot.intent.spec()
                : was.kind() == Intent.Kind.REPLACE ? was.spec() : null;
        ProcessState before = slot.state;
        switch (outcome.action()) {
            case SPAWN -> actions.spawn(slot);
            case MARK_READY -> actions.markReady(slot);
            case STOP_UNREADY -> stops.stopUnready(slot);
            case STOP_UNHEALTHY, SIGNAL_STOP -> stops.signalStop(slot);
            case DECIDE_RESTART -> actions.decideRestart(slot, status);
            case RECORD_EXIT -> actions.recordExit(slot, status);
            case CANCEL_RESTART -> stops.cancelRestart(slot);
            case RECORD_STOPPED -> stops.recordStopped(slot, status);
            case RESTART_STOPPED -> {
                stops.recordStopped(slot, status);
                stops.requeue(slot, replacement);
            }
            case RECOVER_STOPPED -> actions.recoverStopped(slot, status);
            case KILL_GROUP -> stops.killGroup(slot);
            case COMPLETE -> actions.complete(slot, status);
            case REQUEUE -> stops.requeue(slot, replacement);
            case SWAP_SPEC -> stops.swapSpec(slot, spec);
            case ABANDON, PAUSE, RESUME, NOTE, IGNORE -> {
            }
        }
        if (outcome.next() != null) {
            slot.state = outcome.next();
        }
        if (outcome.action() == Action.SPAWN && slot.state.hasLiveChild()) {
            health.spawned(slot);
        }
        if (slot.state == ProcessState.RUNNING && before != ProcessState.RUNNING && before != ProcessState.PAUSED) {
            health.began(slot); // ready, or started without a ready check (a paused one was checked on all along)
        }
    }
}

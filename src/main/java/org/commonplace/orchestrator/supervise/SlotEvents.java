package org.commonplace.orchestrator.supervise;

import java.util.Map;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * Turns an event about one process's child (it exited, became ready, did not stop in time, was
 * stopped by a signal) into the trigger of the table, for the slot it is about. An event about an
 * older run of the process (a late timer, an exit already handled) is dropped here, so the table only
 * ever sees triggers about the child the slot has now.
 */
final class SlotEvents {
    /** Carries a trigger out on a slot: {@link Supervisor#apply}. */
    interface Apply {
        void apply(Slot slot, Trigger trigger, ExitStatus status);
    }

    private final Map<String, Slot> slots;
    private final Console console;
    private final Apply apply;

    SlotEvents(Map<String, Slot> slots, Console console, Apply apply) {
        this.slots = slots;
        this.console = console;
        this.apply = apply;
    }

    /** A trigger for the run {@code runId} of {@code name}; nothing when that run is over. */
    void on(String name, int runId, Trigger trigger) {
        on(name, runId, trigger, null);
    }

    /** An exit with the code a process's {@code exit} ready check names (or a success code) is its job done, not an exit to restart. */
    void onExited(Event.Exited exited) {
        Slot slot = slots.get(exited.name());
        boolean done = slot != null && slot.spec.finishes(exited.status());
        on(exited.name(), exited.runId(), done ? Trigger.FINISHED : Trigger.EXITED, exited.status());
    }

    void onStopTimedOut(Event.StopTimedOut e) {
        Slot slot = slots.get(e.name());
        if (slot != null && slot.runId == e.runId() && slot.state == ProcessState.STOPPING) {
            console.info(slot.name() + " did not stop within " + slot.spec.stopTimeoutMs() + " ms; killing its process group");
            apply.apply(slot, Trigger.KILL, null);
        }
    }

    /** Says once that a child was stopped or continued: a stopped service answers nothing, and looks alive. */
    void onJobControl(Event.JobControl e) {
        for (Slot slot : slots.values()) {
            if (slot.child != null && slot.child.pid() == e.pid() && slot.state.hasLiveChild()) {
                apply.apply(slot, e.stopped() ? Trigger.JOB_STOPPED : Trigger.JOB_CONTINUED, null);
                console.info(e.stopped()
                        ? slot.name() + " (pid " + e.pid() + ") was stopped by " + SignalNames.name(e.signal())
                                + "; it runs nothing until continued (kill -CONT " + e.pid() + ")"
                        : slot.name() + " (pid " + e.pid() + ") continued");
                return;
            }
        }
    }

    private void on(String name, int runId, Trigger trigger, ExitStatus status) {
        Slot slot = slots.get(name);
        if (slot != null && slot.runId == runId) {
            apply.apply(slot, trigger, status);
        }
    }
}

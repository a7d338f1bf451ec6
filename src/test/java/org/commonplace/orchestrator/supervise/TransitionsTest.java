package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.Transitions.Action;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;
import org.junit.jupiter.api.Test;

/** Walks every cell of the transition table against the table as docs/lifecycle.md states it. */
final class TransitionsTest {
    private static final Map<ProcessState, Action[]> EXPECTED = new EnumMap<>(ProcessState.class);

    static {
        final Action I = Action.IGNORE;
        final Action R = Action.REQUEUE;
        final Action U = Action.STOP_UNHEALTHY;
        // columns: DEPENDENCIES_MET, EXITED, READY, NOT_READY, RESTART_DUE, STOP, KILL, FINISHED, START, UNHEALTHY
        EXPECTED.put(ProcessState.WAITING, new Action[] {Action.SPAWN, I, I, I, I, Action.ABANDON, I, I, I, I});
        EXPECTED.put(ProcessState.STARTING, new Action[] {I, Action.DECIDE_RESTART, Action.MARK_READY, Action.STOP_UNREADY, I,
            Action.SIGNAL_STOP, Action.KILL_GROUP, Action.COMPLETE, I, U});
        EXPECTED.put(ProcessState.RUNNING, new Action[] {I, Action.DECIDE_RESTART, I, I, I, Action.SIGNAL_STOP, Action.KILL_GROUP,
            Action.DECIDE_RESTART, I, U});
        EXPECTED.put(ProcessState.BACKING_OFF, new Action[] {I, I, I, I, Action.SPAWN, Action.CANCEL_RESTART, I, I, R, I});
        EXPECTED.put(ProcessState.STOPPING, new Action[] {I, Action.RECORD_STOPPED, I, I, I, I, Action.KILL_GROUP,
            Action.RECORD_STOPPED, I, I});
        EXPECTED.put(ProcessState.STOPPED, new Action[] {I, I, I, I, I, I, I, I, R, I});
        EXPECTED.put(ProcessState.FAILED, new Action[] {I, I, I, I, I, I, I, I, R, I});
    }

    @Test
    void everyStateAndTriggerHasTheDocumentedAction() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(ProcessState.values());
        for (ProcessState state : ProcessState.values()) {
            for (Trigger trigger : Trigger.values()) {
                assertThat(Transitions.actionFor(state, trigger))
                        .as("%s x %s", state, trigger)
                        .isEqualTo(EXPECTED.get(state)[trigger.ordinal()]);
            }
        }
    }

    @Test
    void finalStatesIgnoreEverythingButAStartByHand() {
        for (Trigger trigger : Trigger.values()) {
            if (trigger == Trigger.START) {
                continue;
            }
            assertThat(Transitions.actionFor(ProcessState.STOPPED, trigger)).isEqualTo(Action.IGNORE);
            assertThat(Transitions.actionFor(ProcessState.FAILED, trigger)).isEqualTo(Action.IGNORE);
        }
    }
}

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
        // columns: DEPENDENCIES_MET, EXITED, RESTART_DUE, STOP, KILL
        EXPECTED.put(ProcessState.WAITING, new Action[] {Action.SPAWN, Action.IGNORE, Action.IGNORE, Action.ABANDON, Action.IGNORE});
        EXPECTED.put(ProcessState.RUNNING, new Action[] {Action.IGNORE, Action.DECIDE_RESTART, Action.IGNORE, Action.SIGNAL_STOP, Action.KILL_GROUP});
        EXPECTED.put(ProcessState.BACKING_OFF, new Action[] {Action.IGNORE, Action.IGNORE, Action.SPAWN, Action.CANCEL_RESTART, Action.IGNORE});
        EXPECTED.put(ProcessState.STOPPING, new Action[] {Action.IGNORE, Action.RECORD_STOPPED, Action.IGNORE, Action.IGNORE, Action.KILL_GROUP});
        EXPECTED.put(ProcessState.STOPPED, new Action[] {Action.IGNORE, Action.IGNORE, Action.IGNORE, Action.IGNORE, Action.IGNORE});
        EXPECTED.put(ProcessState.FAILED, new Action[] {Action.IGNORE, Action.IGNORE, Action.IGNORE, Action.IGNORE, Action.IGNORE});
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
    void finalStatesIgnoreEverything() {
        for (Trigger trigger : Trigger.values()) {
            assertThat(Transitions.actionFor(ProcessState.STOPPED, trigger)).isEqualTo(Action.IGNORE);
            assertThat(Transitions.actionFor(ProcessState.FAILED, trigger)).isEqualTo(Action.IGNORE);
        }
    }
}

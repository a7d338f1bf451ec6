package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.Intent.Kind;
import org.commonplace.orchestrator.supervise.Transitions.Action;
import org.commonplace.orchestrator.supervise.Transitions.Outcome;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;
import org.junit.jupiter.api.Test;

/**
 * Walks every cell of the transition table (state × intent × trigger) and checks its whole outcome
 * (action, state afterwards, intent afterwards) against the tables of docs/lifecycle.md, which it
 * reads: the page cannot drift from the code.
 */
final class TransitionsTest {
    private static final Path PAGE = Path.of("docs/lifecycle.md");

    @Test
    void everyCellHasTheOutcomeTheLifecyclePageStates() throws IOException {
        String page = Files.readString(PAGE);
        Map<ProcessState, Map<Trigger, String>> none = noneTable(page);
        Map<String, String> other = otherTable(page);
        var wrong = new ArrayList<String>();
        for (ProcessState state : ProcessState.values()) {
            for (Kind intent : Kind.values()) {
                for (Trigger trigger : Trigger.values()) {
                    String cell = other.getOrDefault(key(state, intent, trigger), none.get(state).get(trigger));
                    Outcome expected = parse(cell, state);
                    Outcome actual = Transitions.of(state, intent, trigger);
                    if (!sameEffect(expected, actual, intent)) {
                        wrong.add(state + " × " + intent + " × " + trigger + ": page says " + cell + ", table gives " + actual);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The same effect: an intent set to what it already was is no change. */
    private static boolean sameEffect(Outcome expected, Outcome actual, Kind intent) {
        Kind expectedAfter = expected.intent() == null ? intent : expected.intent();
        Kind actualAfter = actual.intent() == null ? intent : actual.intent();
        return expected.action() == actual.action() && expected.next() == actual.next() && expectedAfter == actualAfter;
    }

    @Test
    void endedProcessesMoveOnlyWhenAClientOrAReloadAsks() {
        var asks = List.of(Trigger.START, Trigger.RESTART, Trigger.STOP_BY_HAND, Trigger.REPLACE, Trigger.REMOVE);
        for (ProcessState state : List.of(ProcessState.STOPPED, ProcessState.FAILED)) {
            for (Kind intent : Kind.values()) {
                for (Trigger trigger : Trigger.values()) {
                    if (!asks.contains(trigger)) {
                        assertThat(Transitions.of(state, intent, trigger).action()).as("%s %s %s", state, intent, trigger)
                                .isEqualTo(Action.IGNORE);
                    }
                }
            }
        }
    }

    @Test
    void whileTheOrchestratorStopsNothingStartsOrRestarts() {
        for (ProcessState state : ProcessState.values()) {
            for (Trigger trigger : List.of(Trigger.DEPENDENCIES_MET, Trigger.RESTART_DUE, Trigger.EXITED, Trigger.FINISHED)) {
                Outcome o = Transitions.of(state, Kind.SHUTDOWN, trigger);
                assertThat(o.action()).as("%s %s", state, trigger).isNotIn(Action.SPAWN, Action.DECIDE_RESTART, Action.RESTART_STOPPED);
            }
        }
    }

    @Test
    void everyExitOfALiveChildLeavesItNoLongerLive() {
        for (ProcessState state : ProcessState.values()) {
            if (!state.hasLiveChild()) {
                continue;
            }
            for (Kind intent : Kind.values()) {
                for (Trigger exit : List.of(Trigger.EXITED, Trigger.FINISHED)) {
                    Outcome o = Transitions.of(state, intent, exit);
                    // An exit answered by IGNORE would leave a dead child looking alive, and its commands unanswered.
                    assertThat(o.action()).as("%s %s %s", state, intent, exit).isNotEqualTo(Action.IGNORE);
                    assertThat(o.next() == null || !o.next().hasLiveChild()).as("%s %s %s", state, intent, exit).isTrue();
                }
            }
        }
    }

    private static String key(ProcessState state, Kind intent, Trigger trigger) {
        return state + "/" + intent + "/" + trigger;
    }

    /** "SIGNAL_STOP → STOPPING, RESTART", "SPAWN → ?", "SWAP_SPEC → =" or "–". */
    private static Outcome parse(String cell, ProcessState state) {
        if (cell.equals("–")) {
            return Outcome.IGNORED;
        }
        String[] sides = cell.split(" → ");
        String[] after = sides[1].split(", ");
        ProcessState next = switch (after[0]) {
            case "?" -> null;
            case "=" -> state;
            default -> ProcessState.valueOf(after[0]);
        };
        return new Outcome(Action.valueOf(sides[0]), next, after.length > 1 ? Kind.valueOf(after[1]) : null);
    }

    private static List<List<String>> rows(String page, String table) {
        String marker = "<!-- table:" + table + " -->";
        int from = page.indexOf(marker);
        assertThat(from).as("%s in %s", marker, PAGE).isNotNegative();
        String body = page.substring(from + marker.length(), page.indexOf("<!-- end -->", from));
        var rows = new ArrayList<List<String>>();
        for (String line : body.strip().split("\n")) {
            if (line.startsWith("|---")) {
                continue;
            }
            var cells = Arrays.stream(line.split("\\|")).map(String::strip).toList();
            rows.add(cells.subList(1, cells.size()));
        }
        return rows;
    }

    private static Map<ProcessState, Map<Trigger, String>> noneTable(String page) {
        List<List<String>> rows = rows(page, "NONE");
        List<Trigger> columns = rows.getFirst().subList(1, rows.getFirst().size()).stream().map(Trigger::valueOf).toList();
        assertThat(columns).as("the columns of the page").containsExactly(Trigger.values());
        var table = new EnumMap<ProcessState, Map<Trigger, String>>(ProcessState.class);
        for (List<String> row : rows.subList(1, rows.size())) {
            var cells = new EnumMap<Trigger, String>(Trigger.class);
            for (int i = 0; i < columns.size(); i++) {
                cells.put(columns.get(i), row.get(i + 1));
            }
            table.put(ProcessState.valueOf(row.getFirst()), cells);
        }
        assertThat(table.keySet()).as("the rows of the page").containsExactlyInAnyOrder(ProcessState.values());
        return table;
    }

    private static Map<String, String> otherTable(String page) {
        var cells = new HashMap<String, String>();
        List<List<String>> rows = rows(page, "OTHER");
        for (List<String> row : rows.subList(1, rows.size())) {
            for (String state : row.get(0).split(", ")) {
                for (String intent : row.get(1).split(", ")) {
                    for (String trigger : row.get(2).split(", ")) {
                        cells.put(key(ProcessState.valueOf(state), Kind.valueOf(intent), Trigger.valueOf(trigger)), row.get(3));
                    }
                }
            }
        }
        return cells;
    }
}

package org.commonplace.orchestrator.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * What {@code top} shows, apart from how it is drawn: the processes, which one is selected (kept by
 * name across updates), the name filter, whose output the pane shows, and the status line. Keys
 * change it and may ask for an {@link Action}. Used on one thread only (the view's).
 */
final class TopModel {
    /** Within 80 columns, or the end is cut: j/k and l are said in the README; 'x signal' made the old one too long. */
    static final String FOOTER = "↑↓ select ⏎ output a all │ r restart s stop S start x signal │ / filter q quit";
    static final String FILTER_FOOTER = "type a name  ⏎ keep the filter  Esc clear it  ↑↓ select";
    static final String SIGNAL_FOOTER = "type a signal (HUP, TERM, USR1...)  ⏎ send it to the group  Esc cancel";
    /** The longest signal name typed: {@code SIGRTMIN+15} and room. */
    private static final int MAX_SIGNAL_CHARS = 16;

    private List<Row> rows = List.of();
    private String selected;
    private String filter = "";
    private boolean editingFilter;
    /** The process a signal is being typed for; null when none is. */
    private String signalFor;
    private String signalText = "";
    private String shown;
    private String status = "";
    private final OutputLines output = new OutputLines();

    /** Takes the process list of a {@code watch} line (in the orchestrator's order). */
    void processes(JsonNode processes) {
        var next = new ArrayList<Row>();
        processes.forEach(p -> next.add(Row.of(p)));
        rows = List.copyOf(next);
        keepSelectionVisible();
    }

    /** Takes one line of output of {@code name}. */
    void line(String name, String text) {
        output.add(name, text);
    }

    /** Takes the status line; it may quote a reply, so it is escaped here. */
    void status(String text) {
        status = ControlChars.escape(text);
    }

    String status() {
        return status;
    }

    /** {@return the rows whose name contains the filter (ignoring case), in the orchestrator's order} */
    List<Row> visible() {
        String f = filter.toLowerCase(Locale.ROOT);
        return rows.stream().filter(r -> r.name().toLowerCase(Locale.ROOT).contains(f)).toList();
    }

    /** {@return the selected process, when one is visible} */
    Optional<Row> selected() {
        return visible().stream().filter(r -> r.name().equals(selected)).findFirst();
    }

    /** {@return the index of the selected row among the visible ones, or -1} */
    int selectedIndex() {
        List<Row> v = visible();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).name().equals(selected)) {
                return i;
            }
        }
        return -1;
    }

    String filter() {
        return filter;
    }

    boolean editingFilter() {
        return editingFilter;
    }

    /** {@return whose output the pane shows, or null for all processes (merged, prefixed)} */
    String shown() {
        return shown;
    }

    /** {@return the title of the output pane} */
    String paneTitle() {
        return shown == null ? "output: all" : "output: " + ControlChars.escape(shown);
    }

    /** {@return the last {@code height} lines for the pane} */
    List<String> pane(int height) {
        return output.last(shown, height);
    }

    String footer() {
        return signalFor != null ? SIGNAL_FOOTER : editingFilter ? FILTER_FOOTER : FOOTER;
    }

    /**
     * {@return the header and one row of cells per visible process; HEALTH only when some process has
     * it, USER (last, so a narrow terminal cuts it first) only when some process runs as another user}
     */
    List<List<String>> table(Instant now) {
        boolean health = rows.stream().anyMatch(r -> !r.health().isEmpty());
        boolean users = rows.stream().anyMatch(r -> !r.user().isEmpty());
        var table = new ArrayList<List<String>>();
        table.add(withUser(withoutHealth(Row.HEADER, health), users, "USER"));
        for (Row r : visible()) {
            table.add(withUser(withoutHealth(r.cells(now), health), users, r.user().isEmpty() ? "-" : r.user()));
        }
        return table;
    }

    private static List<String> withUser(List<String> cells, boolean users, String cell) {
        if (!users) {
            return cells;
        }
        var more = new ArrayList<>(cells);
        more.add(cell);
        return more;
    }

    private static List<String> withoutHealth(List<String> cells, boolean health) {
        if (health) {
            return cells;
        }
        var less = new ArrayList<>(cells);
        less.remove(Row.HEALTH);
        return less;
    }

    /** Applies a key; {@return what else it asks for} */
    Action key(Key key) {
        switch (key.kind()) {
            case CTRL_C, EOF -> {
                return new Action.Quit();
            }
            case UP -> move(-1);
            case DOWN -> move(1);
            default -> {
                return signalFor != null ? signalKey(key) : editingFilter ? filterKey(key) : commandKey(key);
            }
        }
        return new Action.None();
    }

    private Action filterKey(Key key) {
        switch (key.kind()) {
            case CHAR -> filter += key.ch();
            case BACKSPACE -> filter = filter.isEmpty() ? "" : filter.substring(0, filter.length() - 1);
            case ENTER -> editingFilter = false;
            case ESCAPE -> {
                filter = "";
                editingFilter = false;
            }
            default -> {
                // ignored
            }
        }
        keepSelectionVisible();
        return new Action.None();
    }

    /** While a signal is typed: its characters, Enter sends it, Esc calls it off. */
    private Action signalKey(Key key) {
        switch (key.kind()) {
            case CHAR -> {
                if (signalText.length() < MAX_SIGNAL_CHARS && key.ch() > ' ' && key.ch() < 0x7f) {
                    signalText += key.ch();
                }
            }
            case BACKSPACE -> signalText = signalText.isEmpty() ? "" : signalText.substring(0, signalText.length() - 1);
            case ENTER -> {
                String name = signalFor;
                String signal = signalText;
                signalFor = null;
                signalText = "";
                if (signal.isEmpty()) {
                    status = "";
                    return new Action.None();
                }
                status = "signal " + signal + " to " + ControlChars.escape(name) + "...";
                return new Action.Signal(name, signal);
            }
            case ESCAPE -> {
                signalFor = null;
                signalText = "";
                status = "";
                return new Action.None();
            }
            default -> {
                // ignored
            }
        }
        status = "signal for " + ControlChars.escape(signalFor) + ": " + signalText;
        return new Action.None();
    }

    private Action commandKey(Key key) {
        if (key.kind() == Key.Kind.ENTER) {
            return showSelected();
        }
        if (key.kind() == Key.Kind.ESCAPE && !filter.isEmpty()) {
            filter = "";
            keepSelectionVisible();
        }
        if (key.kind() != Key.Kind.CHAR) {
            return new Action.None();
        }
        switch (key.ch()) {
            case 'q' -> {
                return new Action.Quit();
            }
            case 'k' -> move(-1);
            case 'j' -> move(1);
            case 'l' -> {
                return showSelected();
            }
            case 'a' -> shown = null;
            case '/' -> editingFilter = true;
            case 'r' -> {
                return steer("restart");
            }
            case 's' -> {
                return steer("stop");
            }
            case 'S' -> {
                return steer("start");
            }
            case 'x' -> {
                Optional<Row> row = selected();
                if (row.isEmpty()) {
                    status = "no process selected";
                } else {
                    signalFor = row.get().name();
                    status = "signal for " + ControlChars.escape(signalFor) + ": ";
                }
            }
            default -> {
                // not a key of ours
            }
        }
        return new Action.None();
    }

    private Action showSelected() {
        selected().ifPresent(r -> shown = r.name());
        return new Action.None();
    }

    private Action steer(String cmd) {
        Optional<Row> row = selected();
        if (row.isEmpty()) {
            status = "no process selected";
            return new Action.None();
        }
        status = cmd + " " + ControlChars.escape(row.get().name()) + "...";
        return new Action.Steer(cmd, row.get().name());
    }

    private void move(int delta) {
        List<Row> v = visible();
        if (v.isEmpty()) {
            return;
        }
        int i = selectedIndex();
        int next = i < 0 ? 0 : Math.clamp(i + delta, 0, v.size() - 1);
        selected = v.get(next).name();
    }

    private void keepSelectionVisible() {
        if (selectedIndex() < 0) {
            List<Row> v = visible();
            if (!v.isEmpty()) {
                selected = v.getFirst().name();
            }
        }
    }
}

package org.commonplace.orchestrator.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.commonplace.orchestrator.control.PsTable;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * The fleet as text: one block per instance ({@code box-a  online}), then its processes as a table
 * with {@code ps}'s cell formats. An offline instance's processes are its last known states, and the
 * block says so; on a terminal they are also dimmed. Every name and value is escaped.
 */
final class FleetTable {
    private static final List<String> HEADER = List.of("NAME", "STATE", "PID", "RESTARTS", "READY", "HEALTH", "LAST EXIT");
    private static final String INDENT = "  ";
    private static final String DIM = "\033[2m";
    private static final String RESET = "\033[0m";

    private FleetTable() {
    }

    /**
     * {@return the lines of {@code picture}}, or one line saying nobody publishes there.
     *
     * @param where  "BROKER under PREFIX", for the empty picture's line
     * @param ansi   whether to dim the rows of an offline instance
     */
    static List<String> lines(Fleet.Picture picture, Instant now, String where, boolean ansi) {
        var out = new ArrayList<String>();
        if (picture.instances().isEmpty()) {
            out.add("no orchestrator publishes on " + where);
        }
        for (Fleet.Instance instance : picture.instances()) {
            if (!out.isEmpty()) {
                out.add("");
            }
            boolean offline = instance.status() == Fleet.Status.OFFLINE;
            out.add(ControlChars.escape(instance.name()) + "  " + switch (instance.status()) {
                case ONLINE -> "online";
                case OFFLINE -> "offline (last known states)";
                case UNKNOWN -> "status unknown";
            });
            if (instance.processes().isEmpty()) {
                out.add(INDENT + "(no processes)");
                continue;
            }
            var rows = new ArrayList<List<String>>();
            rows.add(HEADER);
            instance.processes().forEach((name, row) -> rows.add(cells(name, row, now)));
            List<String> table = aligned(rows);
            for (int i = 0; i < table.size(); i++) {
                boolean dim = ansi && offline && i > 0;
                out.add(INDENT + (dim ? DIM + table.get(i) + RESET : table.get(i)));
            }
        }
        if (picture.ignored() > 0) {
            out.add("");
            out.add("(" + picture.ignored() + (picture.ignored() == 1 ? " message" : " messages")
                    + " ignored: not an orchestrator's state, too large, or over the limit of instances or processes)");
        }
        return out;
    }

    private static List<String> cells(String name, ProcessRow row, Instant now) {
        String exit = row.lastExit().isEmpty() ? "-"
                : row.lastExitAt() == null ? row.lastExit()
                : row.lastExit() + ", " + PsTable.ago(row.lastExitAt(), now) + " ago"; // "?" for a time outside 1970 to 9999
        return List.of(
                ControlChars.escape(name),
                row.state() + (row.stoppedByHand() ? " (by hand)" : ""),
                row.pid() > 0 ? Long.toString(row.pid()) : "-",
                Long.toString(row.restarts()),
                row.ready() ? "yes" : "no",
                row.health().isEmpty() ? "-" : ControlChars.escape(row.health()),
                exit);
    }

    /** Columns padded to their widest cell, two spaces apart, trailing blanks dropped. */
    private static List<String> aligned(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var lines = new ArrayList<String>();
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row.get(i)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}

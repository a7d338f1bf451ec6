package org.commonplace.orchestrator.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.commonplace.orchestrator.control.PsTable;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * One process as {@code top} shows it: the cells of its table row, made from the protocol's process
 * object (docs/control.md) and the time now.
 *
 * @param name    the process's name
 * @param state   its state as the protocol writes it ({@code running}, {@code backing_off}, ...)
 * @param process the process object it was read from
 */
record Row(String name, String state, JsonNode process) {
    /** The column titles; HEALTH only when some process has a health field. */
    static final List<String> HEADER = List.of("NAME", "STATE", "PID", "UPTIME", "RST", "LAST EXIT", "NEXT", "HEALTH",
            "RSS", "CPU%");
    static final int HEALTH = 7;

    static Row of(JsonNode process) {
        return new Row(ProcessJson.text(process, "name"), ProcessJson.text(process, "state"), process);
    }

    /** {@return the health the process object carries (a word, or an object with a status), or ""} */
    String health() {
        JsonNode h = process.path("health");
        if (h.isTextual()) {
            return h.asText();
        }
        if (h.isObject()) {
            return ProcessJson.text(h, h.has("status") ? "status" : "state");
        }
        return "";
    }

    /** {@return the user the process runs as, escaped, or "" when it runs as the orchestrator} */
    String user() {
        return ControlChars.escape(ProcessJson.text(process, "user"));
    }

    /** {@return the state with "(hand)" when a client stopped it, escaped} */
    String stateCell() {
        return ControlChars.escape(state) + (process.path("stopped_by_hand").asBoolean() ? " (hand)" : "");
    }

    /**
     * {@return the cells of its row, in the order of {@link #HEADER}}: every text escaped, and what
     * is not a number or time within sense shown as "?" ({@link PsTable}), since anyone may answer
     * on the socket top was pointed at
     */
    List<String> cells(Instant now) {
        boolean live = !ProcessJson.text(process, "pid").isEmpty();
        String health = health();
        return List.of(
                ControlChars.escape(name),
                stateCell(),
                live ? PsTable.text(process, "pid") : "-",
                live ? PsTable.since(process.path("started_at"), now) : "-",
                PsTable.text(process, "restarts"),
                PsTable.lastExit(process.path("last_exit"), now),
                PsTable.next(process, now),
                health.isEmpty() ? "-" : ControlChars.escape(health),
                PsTable.bytes(process.path("rss_bytes")),
                PsTable.percent(process.path("cpu_percent")));
    }
}

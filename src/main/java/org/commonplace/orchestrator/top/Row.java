package org.commonplace.orchestrator.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.commonplace.orchestrator.control.PsTable;
import org.commonplace.orchestrator.model.ProcessJson;

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

    /** {@return the state with "(hand)" when a client stopped it} */
    String stateCell() {
        return state + (process.path("stopped_by_hand").asBoolean() ? " (hand)" : "");
    }

    /** {@return the cells of its row, in the order of {@link #HEADER}} */
    List<String> cells(Instant now) {
        boolean live = !ProcessJson.text(process, "pid").isEmpty();
        String started = ProcessJson.text(process, "started_at");
        String next = ProcessJson.text(process, "next_restart_at");
        return List.of(
                name,
                stateCell(),
                live ? ProcessJson.text(process, "pid") : "-",
                live && !started.isEmpty() ? PsTable.human(Duration.between(Instant.parse(started), now)) : "-",
                ProcessJson.text(process, "restarts"),
                PsTable.lastExit(process.path("last_exit"), now),
                next.isEmpty() ? "-" : "in " + PsTable.human(Duration.between(now, Instant.parse(next))),
                health().isEmpty() ? "-" : health(),
                process.path("rss_bytes").isNumber() ? PsTable.bytes(process.path("rss_bytes").asLong()) : "-",
                process.path("cpu_percent").isNumber()
                        ? String.format(Locale.ROOT, "%.1f", process.path("cpu_percent").asDouble()) : "-");
    }
}

package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.commonplace.orchestrator.model.ProcessJson;

/** The table {@code ps} prints, made from the process objects of the protocol, columns aligned; its cell formats are {@code top}'s too. */
public final class PsTable {
    private static final List<String> HEADER = List.of("NAME", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "NEXT",
            "HEALTH", "RSS", "CPU%");

    private PsTable() {
    }

    static void print(JsonNode processes, Instant now, PrintStream out) {
        var rows = new ArrayList<List<String>>();
        rows.add(HEADER);
        for (JsonNode p : processes) {
            boolean live = !ProcessJson.text(p, "pid").isEmpty();
            String state = ProcessJson.text(p, "state") + (p.path("stopped_by_hand").asBoolean() ? " (by hand)" : "");
            rows.add(List.of(
                    ProcessJson.text(p, "name"),
                    state,
                    live ? ProcessJson.text(p, "pid") : "-",
                    live ? ago(p, "started_at", now) : "-",
                    ProcessJson.text(p, "restarts"),
                    lastExit(p.path("last_exit"), now),
                    p.path("next_restart_at").isNull() ? "-" : "in " + human(Duration.between(now,
                            Instant.parse(p.path("next_restart_at").asText()))),
                    health(p),
                    p.path("rss_bytes").isNull() ? "-" : bytes(p.path("rss_bytes").asLong()),
                    p.path("cpu_percent").isNull() ? "-" : String.format(Locale.ROOT, "%.1f", p.path("cpu_percent").asDouble())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** "ok", "failing 2", or "-" when unknown (no liveness check, not running, no result yet) */
    private static String health(JsonNode p) {
        String health = ProcessJson.text(p, "health");
        return health.isEmpty() || health.equals("unknown") ? "-" : health;
    }

    private static String ago(JsonNode p, String key, Instant now) {
        String at = ProcessJson.text(p, key);
        return at.isEmpty() ? "-" : human(Duration.between(Instant.parse(at), now));
    }

    /** "code 1, 412ms ago", "SIGKILL, 3s ago", "not started, ..." or "-" */
    public static String lastExit(JsonNode exit, Instant now) {
        if (exit.isMissingNode() || exit.isNull()) {
            return "-";
        }
        String what = exit.has("signal") ? exit.path("signal").asText()
                : exit.has("launch_failed") ? "not started" : "code " + exit.path("code").asInt();
        String at = ProcessJson.text(exit, "at");
        return at.isEmpty() ? what : what + ", " + human(Duration.between(Instant.parse(at), now)) + " ago";
    }

    /** "850ms", "12s", "3m05s", "2h07m", "4d03h" */
    public static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    /** "512B", "4.0K", "61M" */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + "B";
        }
        double v = n;
        String[] units = {"K", "M", "G", "T"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f%s" : "%.0f%s", v, units[u]);
    }
}

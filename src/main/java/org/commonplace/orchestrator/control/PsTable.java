package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * The table {@code ps} prints, made from the process objects of the protocol, columns aligned; its
 * cell formats are {@code top}'s and {@code watch}'s too. The objects may come from anyone (another
 * user's socket, a broker): every text is escaped, and a number or time that is not one, or not
 * within sense, shows as {@code ?} instead of failing.
 */
public final class PsTable {
    /** "+1000000000-01-01T00:00:00.000000000Z" is 36; no real time is longer. */
    private static final int MAX_TIME_CHARS = 40;
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");
    private static final List<String> HEADER = List.of("NAME", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "NEXT",
            "HEALTH", "RSS", "CPU%");

    private PsTable() {
    }

    static void print(JsonNode processes, Instant now, PrintStream out) {
        var rows = new ArrayList<List<String>>();
        rows.add(HEADER);
        for (JsonNode p : processes) {
            boolean live = !ProcessJson.text(p, "pid").isEmpty();
            String state = text(p, "state") + (p.path("stopped_by_hand").asBoolean() ? " (by hand)" : "");
            rows.add(List.of(
                    text(p, "name"),
                    state,
                    live ? text(p, "pid") : "-",
                    live ? since(p.path("started_at"), now) : "-",
                    restarts(p),
                    lastExit(p.path("last_exit"), now),
                    next(p, now),
                    health(p),
                    bytes(p.path("rss_bytes")),
                    percent(p.path("cpu_percent"))));
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

    /** {@return the text of a string or number field, escaped; "" when absent or null} */
    public static String text(JsonNode o, String key) {
        return ControlChars.escape(ProcessJson.text(o, key));
    }

    /**
     * "7", or with a {@code max_restarts} "7 (2/3 in 1s)": the restarts so far, and those that count
     * towards giving up out of how many are allowed, within the window or "in a row"
     */
    public static String restarts(JsonNode p) {
        String all = text(p, "restarts");
        JsonNode window = p.path("restart_window");
        JsonNode max = window.path("max_restarts");
        if (!max.isIntegralNumber()) {
            return all;
        }
        JsonNode within = window.path("within_ms");
        String span = within.isIntegralNumber() && within.canConvertToLong() && within.longValue() >= 0
                ? "in " + human(Duration.ofMillis(within.longValue())) : within.isNull() ? "in a row" : "?";
        JsonNode counted = window.path("restarts");
        return all + " (" + (counted.isIntegralNumber() ? counted.asText() : "?") + "/" + max.asText() + " " + span + ")";
    }

    /** The restart a backing-off process waits for, else the next run of its schedule ("run in 4m"). */
    public static String next(JsonNode p, Instant now) {
        JsonNode restart = p.path("next_restart_at");
        if (!restart.isMissingNode() && !restart.isNull()) {
            return until(restart, now);
        }
        JsonNode run = p.path("next_run_at");
        return run.isMissingNode() || run.isNull() ? "-" : "run " + until(run, now);
    }

    /** "ok", "failing 2", or "-" when unknown (no liveness check, not running, no result yet) */
    private static String health(JsonNode p) {
        String health = text(p, "health");
        return health.isEmpty() || health.equals("unknown") ? "-" : health;
    }

    /** {@return "3m05s" since the time {@code at} names, "-" when it is null, "?" when it is not a time within sense} */
    public static String since(JsonNode at, Instant now) {
        if (at.isMissingNode() || at.isNull()) {
            return "-";
        }
        return instant(at).map(t -> human(Duration.between(t, now))).orElse("?");
    }

    /** {@return "in 3s" until the time {@code at} names, "-" when it is null, "?" when it is not a time within sense} */
    public static String until(JsonNode at, Instant now) {
        if (at.isMissingNode() || at.isNull()) {
            return "-";
        }
        return instant(at).map(t -> "in " + human(Duration.between(now, t))).orElse("?");
    }

    /**
     * {@return the time a field names, when it is an ISO-8601 instant between 1970 and 9999}: an
     * orchestrator writes no other (and years far outside overflow the arithmetic of durations)
     */
    public static Optional<Instant> instant(JsonNode at) {
        if (!at.isTextual() || at.asText().length() > MAX_TIME_CHARS) {
            return Optional.empty();
        }
        try {
            Instant t = Instant.parse(at.asText());
            return t.isBefore(Instant.EPOCH) || t.isAfter(LAST) ? Optional.empty() : Optional.of(t);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@return how long ago {@code at} was ("3s"), or "?" when it is not a time within sense} */
    public static String ago(Instant at, Instant now) {
        return at.isBefore(Instant.EPOCH) || at.isAfter(LAST) ? "?" : human(Duration.between(at, now));
    }

    /** "code 1, 412ms ago", "SIGKILL, 3s ago", "SIGSEGV (core dumped), 1s ago", "not started, ..." or "-"; "?" for what is not one */
    public static String lastExit(JsonNode exit, Instant now) {
        if (exit.isMissingNode() || exit.isNull()) {
            return "-";
        }
        String what = exit.has("signal") ? ControlChars.escape(exit.path("signal").asText())
                        + (exit.path("core_dumped").asBoolean(false) ? " (core dumped)" : "")
                : exit.has("launch_failed") ? "not started"
                : exit.path("code").canConvertToInt() ? "code " + exit.path("code").asInt() : "code ?";
        JsonNode at = exit.path("at");
        return at.isMissingNode() || at.isNull() ? what : what + ", " + since(at, now) + " ago";
    }

    /** "850ms", "12s", "3m05s", "2h07m", "4d03h"; never fails, whatever the duration */
    public static String human(Duration d) {
        if (d.isNegative()) {
            return "0ms";
        }
        if (d.getSeconds() >= Long.MAX_VALUE / 1000) {
            return d.toDays() + "d";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + twoDigits(s % 60) + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h" + twoDigits(s % 3600 / 60) + "m";
        }
        return s / 86400 + "d" + twoDigits(s % 86400 / 3600) + "h";
    }

    /** {@return "61M" for a whole number of bytes, "-" when null, "?" when it is not one} */
    public static String bytes(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return "-";
        }
        return n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0 ? bytes(n.asLong()) : "?";
    }

    /** {@return "12.5" for a finite percentage, "-" when null, "?" when it is not one} */
    public static String percent(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return "-";
        }
        double v = n.asDouble();
        return n.isNumber() && Double.isFinite(v) && v >= 0 && v < 1e9 ? decimals(v, 1) : "?";
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
        return decimals(v, v < 10 ? 1 : 0) + units[u];
    }

    /** "07" for 7: a unit's second field, as in 3m07s */
    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /**
     * {@code v} with {@code places} decimals, rounded half up as {@code %.1f} does. Not {@code
     * String.format}: its first floating-point use loads the locale data (CLDR), 10 to 20 ms of a
     * {@code ps} that takes 100 (docs/BENCHMARKS.md).
     */
    private static String decimals(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }
}

package org.commonplace.orchestrator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one JSON form of a process's state: what {@code ps --json} prints for each process, what the
 * control socket sends, and what MQTT state messages will carry. Written here only.
 *
 * <pre>{@code
 * {"name": "web", "state": "backing_off", "pid": null, "started_at": "2026-05-01T10:00:00.123Z",
 *  "restarts": 3, "restart_window": {"restarts": 2, "max_restarts": 3, "within_ms": 1000},
 *  "last_exit": {"code": 1, "at": "..."} or {"signal": "SIGKILL", "at": "..."},
 *  "next_restart_at": "...", "next_run_at": "..." (a schedule's next time), "ready": false, "rss_bytes": 1234567, "cpu_percent": 0.4,
 *  "health": "ok", "stopped_by_hand": false, "depends_on": ["clock"], "user": "web"}
 * }</pre>
 *
 * {@code last_exit} has {@code "code"} only for a process that exited by itself (143 is an exit code,
 * never a SIGTERM folded into a number), {@code "signal"} only for a death by signal (named by {@link
 * SignalNames}), then with {@code "core_dumped": true} when it dumped core.
 * Times are ISO-8601 in UTC; absent values are {@code null}. {@code rss_bytes} and {@code cpu_percent}
 * are of the whole process group, measured when the snapshot was sent. {@code user} is the account
 * the process runs as ({@code "user"} in the config), {@code null} when it runs as the orchestrator.
 */
public final class ProcessJson {
    private ProcessJson() {
    }

    /** {@return the JSON object of {@code process}, with its group's measured usage where known} */
    public static ObjectNode write(ProcessSnapshot process, OptionalLong rssBytes, Optional<Double> cpuPercent) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", process.name());
        o.put("state", process.state().name().toLowerCase(Locale.ROOT));
        if (process.pid() > 0) {
            o.put("pid", process.pid());
        } else {
            o.putNull("pid");
        }
        putTime(o, "started_at", process.startedAt());
        o.put("restarts", process.restarts());
        // What max_restarts is measured against: how close the process is to being given up.
        var window = process.restartWindow();
        ObjectNode recent = o.putObject("restart_window");
        recent.put("restarts", window.restarts());
        if (window.maxRestarts() > 0) {
            recent.put("max_restarts", window.maxRestarts());
        } else {
            recent.putNull("max_restarts");
        }
        if (window.withinMs() > 0) {
            recent.put("within_ms", window.withinMs());
        } else {
            recent.putNull("within_ms");
        }
        if (process.lastExit().isPresent()) {
            ObjectNode exit = o.putObject("last_exit");
            ExitStatus status = process.lastExit().get();
            if (status.code() == ExitStatus.LAUNCH_FAILED) {
                exit.put("launch_failed", true);
            } else if (status.isSignal()) {
                exit.put("signal", SignalNames.name(status.signal()));
                if (status.coreDumped()) {
                    exit.put("core_dumped", true);
                }
            } else {
                exit.put("code", status.code());
            }
            putTime(exit, "at", process.lastExitAt());
        } else {
            o.putNull("last_exit");
        }
        putTime(o, "next_restart_at", process.nextRestartAt());
        putTime(o, "next_run_at", process.nextRunAt());
        o.put("ready", process.ready());
        if (rssBytes.isPresent()) {
            o.put("rss_bytes", rssBytes.getAsLong());
        } else {
            o.putNull("rss_bytes");
        }
        if (cpuPercent.isPresent()) {
            o.put("cpu_percent", Math.round(cpuPercent.get() * 10) / 10.0);
        } else {
            o.putNull("cpu_percent");
        }
        o.put("health", process.health());
        o.put("stopped_by_hand", process.stoppedByHand());
        var deps = o.putArray("depends_on");
        process.dependsOn().forEach(deps::add);
        if (process.user().isPresent()) {
            o.put("user", process.user().get());
        } else {
            o.putNull("user");
        }
        return o;
    }

    private static void putTime(ObjectNode o, String key, Optional<Instant> at) {
        if (at.isPresent()) {
            o.put(key, at.get().toString());
        } else {
            o.putNull(key);
        }
    }

    /** {@return the text of a JSON string or number field, or {@code ""} when absent or null} */
    public static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? "" : v.asText();
    }
}

package org.commonplace.orchestrator.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The one JSON form of a {@link CrashReport}: what the control socket's {@code crash} answer and the
 * retained MQTT {@code …/processes/NAME/crash} message carry. Bounded in bytes whatever the process
 * wrote: each line is cut to {@link #MAX_LINE_BYTES} and, when the lines together pass {@link
 * #MAX_LINES_BYTES}, the oldest are left out and counted in {@code lines_omitted}.
 *
 * <pre>{@code
 * {"name": "web", "exit": {"code": 1} or {"signal": "SIGSEGV", "core_dumped": true} or {"launch_failed": true},
 *  "at": "2026-12-07T21:30:00.123Z", "restarts": 3, "gave_up": false,
 *  "lines": ["...", "..."], "lines_omitted": 0}
 * }</pre>
 */
public final class CrashJson {
    /** The most a line keeps, in UTF-8 bytes (a longer one is cut and ends with "…"). */
    public static final int MAX_LINE_BYTES = 1024;
    /** The most all lines together keep, in UTF-8 bytes: the message stays under about 17 KiB. */
    public static final int MAX_LINES_BYTES = 16 * 1024;

    private CrashJson() {
    }

    /** {@return the JSON object of {@code report}} */
    public static ObjectNode write(CrashReport report) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", report.name());
        ObjectNode exit = o.putObject("exit");
        ExitStatus status = report.exit();
        if (status.isLaunchFailure()) {
            exit.put("launch_failed", true);
        } else if (status.isSignal()) {
            exit.put("signal", SignalNames.name(status.signal()));
            if (status.coreDumped()) {
                exit.put("core_dumped", true);
            }
        } else {
            exit.put("code", status.code());
        }
        o.put("at", report.at().toString());
        o.put("restarts", report.restarts());
        o.put("gave_up", report.gaveUp());
        List<String> lines = report.lines();
        ArrayNode kept = o.putArray("lines");
        int from = lines.size();
        long bytes = 0;
        while (from > 0) {
            int size = utf8Length(cut(lines.get(from - 1)), Integer.MAX_VALUE);
            if (bytes + size > MAX_LINES_BYTES) {
                break;
            }
            bytes += size;
            from--;
        }
        lines.subList(from, lines.size()).forEach(line -> kept.add(cut(line)));
        o.put("lines_omitted", from);
        return o;
    }

    /** {@return {@code line} cut to {@link #MAX_LINE_BYTES} UTF-8 bytes, at a character} */
    static String cut(String line) {
        if (utf8Length(line, MAX_LINE_BYTES + 1) <= MAX_LINE_BYTES) {
            return line;
        }
        // Whole characters up to the limit, less the three bytes of the ellipsis.
        int bytes = 0;
        int end = 0;
        while (end < line.length()) {
            int cp = line.codePointAt(end);
            int size = utf8Length(cp);
            if (bytes + size > MAX_LINE_BYTES - 3) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return line.substring(0, end) + "…";
    }

    /** {@return the UTF-8 length of {@code text}, counted no further than {@code stopAt}} (model does no I/O, so no charset) */
    static int utf8Length(String text, int stopAt) {
        int bytes = 0;
        for (int i = 0; i < text.length() && bytes < stopAt; ) {
            int cp = text.codePointAt(i);
            bytes += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}

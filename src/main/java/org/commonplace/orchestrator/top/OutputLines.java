package org.commonplace.orchestrator.top;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * The output {@code top} keeps for its pane: the last {@link #PER_PROCESS} lines of each process and
 * the last {@link #MERGED} of all together, so a quiet process's lines are still there when a chatty
 * one floods the merged view. Lines are made safe to draw: escape sequences are removed, tabs become
 * spaces and every other control character (C0, DEL, C1) is escaped as {@link ControlChars} does;
 * a line is kept to its first {@link #MAX_CHARS} characters, more than any screen is wide.
 */
final class OutputLines {
    static final int PER_PROCESS = 500;
    static final int MERGED = 1000;
    static final int MAX_CHARS = 2000;
    private static final Pattern ESCAPES = Pattern.compile("\u001b(\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001b]*(\u0007|\u001b\\\\)?|.)");

    /** One line of output, prefixed as {@code logs} prints it in the merged view. */
    record Line(String name, String text) {
        String prefixed() {
            return "[" + ControlChars.escape(name) + "] " + text;
        }
    }

    private final Map<String, ArrayDeque<Line>> byName = new HashMap<>();
    private final ArrayDeque<Line> merged = new ArrayDeque<>();

    void add(String name, String text) {
        Line line = new Line(name, clean(text));
        ArrayDeque<Line> own = byName.computeIfAbsent(name, n -> new ArrayDeque<>());
        own.addLast(line);
        if (own.size() > PER_PROCESS) {
            own.removeFirst();
        }
        merged.addLast(line);
        if (merged.size() > MERGED) {
            merged.removeFirst();
        }
    }

    /** {@return the last {@code count} lines of {@code name}, or of all (prefixed) when {@code name} is null} */
    List<String> last(String name, int count) {
        ArrayDeque<Line> source = name == null ? merged : byName.getOrDefault(name, new ArrayDeque<>());
        var lines = new ArrayList<String>(Math.min(count, source.size()));
        var it = source.descendingIterator();
        while (it.hasNext() && lines.size() < count) {
            Line line = it.next();
            lines.add(name == null ? line.prefixed() : line.text());
        }
        return lines.reversed();
    }

    static String clean(String text) {
        String kept = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return ControlChars.escape(ESCAPES.matcher(kept).replaceAll("").replace("\t", "    "));
    }
}

package org.commonplace.orchestrator.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value and each key of a parsed document starts, by JSON path. Kept beside the tree
 * rather than in it because Jackson's nodes carry no location, and shares small nodes (true, 0, "")
 * so they cannot be told apart by identity.
 */
final class JsonLocations {
    /**
     * Paths longer than this are not recorded: a problem there is reported without line:column.
     * Every value's path is kept, so without a bound the table would grow with values × path
     * length, and a file of huge keys over many values would exhaust the heap. Real paths are
     * under 100 characters.
     */
    private static final int MAX_PATH = 256;

    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();

    void value(String path, Position at) {
        if (path.length() <= MAX_PATH) {
            values.put(path, at);
        }
    }

    void key(String path, Position at) {
        if (path.length() <= MAX_PATH) {
            keys.put(path, at);
        }
    }

    /** {@return where the value at that path starts, or {@link Position#UNKNOWN}} */
    Position ofValue(String path) {
        return values.getOrDefault(path, Position.UNKNOWN);
    }

    /** {@return where the key of the member at that path starts, falling back to its value} */
    Position ofKey(String path) {
        return keys.getOrDefault(path, ofValue(path));
    }

    /** Adds the positions of {@code other} at {@code prefix} and below (an included file's process). */
    void copyFrom(JsonLocations other, String prefix) {
        other.values.forEach((path, at) -> {
            if (under(path, prefix)) {
                values.put(path, at);
            }
        });
        other.keys.forEach((path, at) -> {
            if (under(path, prefix)) {
                keys.put(path, at);
            }
        });
    }

    /** {@return the positions at {@code prefix} and below, to be placed elsewhere with {@link #place}} */
    JsonLocations subtree(String prefix) {
        var part = new JsonLocations();
        part.copyFrom(this, prefix);
        return part;
    }

    /**
     * Makes the positions of {@code part} at {@code from} and below answer for {@code to} and below
     * too: a value of {@code defaults} given to a process is reported where it is written.
     */
    void place(JsonLocations part, String from, String to) {
        part.values.forEach((path, at) -> {
            if (under(path, from)) {
                value(to + path.substring(from.length()), at);
            }
        });
        part.keys.forEach((path, at) -> {
            if (under(path, from)) {
                key(to + path.substring(from.length()), at);
            }
        });
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
    }
}

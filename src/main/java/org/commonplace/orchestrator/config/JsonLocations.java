package org.commonplace.orchestrator.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value and each key of a parsed document starts, by JSON path. Kept beside the tree
 * rather than in it because Jackson's nodes carry no location, and shares small nodes (true, 0, "")
 * so they cannot be told apart by identity.
 */
final class JsonLocations {
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();

    void value(String path, Position at) {
        values.put(path, at);
    }

    void key(String path, Position at) {
        keys.put(path, at);
    }

    /** {@return where the value at that path starts, or {@link Position#UNKNOWN}} */
    Position ofValue(String path) {
        return values.getOrDefault(path, Position.UNKNOWN);
    }

    /** {@return where the key of the member at that path starts, falling back to its value} */
    Position ofKey(String path) {
        return keys.getOrDefault(path, ofValue(path));
    }
}

package org.commonplace.orchestrator.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as block-style YAML. Every string is
 * written double-quoted with JSON's escapes, which YAML reads the same way, so no value can turn
 * into a number, a boolean, a null or a comment; keys are written bare when they are plain words.
 * Enough for the fixed shapes of Kubernetes objects, without a YAML library at run time.
 */
final class Yaml {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-/]*");

    private Yaml() {
    }

    /** {@return the document, ending in a newline} */
    static String write(Map<String, ?> document) {
        var out = new StringBuilder();
        map(document, 0, out);
        return out.toString();
    }

    private static void map(Map<String, ?> map, int indent, StringBuilder out) {
        for (var entry : map.entrySet()) {
            out.append(" ".repeat(indent)).append(key(entry.getKey())).append(':');
            value(entry.getValue(), indent, out);
        }
    }

    /** Writes what follows a key's colon: a scalar on the same line, or a nested block below. */
    private static void value(Object value, int indent, StringBuilder out) {
        switch (value) {
            case Map<?, ?> m when m.isEmpty() -> out.append(" {}\n");
            case Map<?, ?> m -> {
                out.append('\n');
                map(cast(m), indent + 2, out);
            }
            case List<?> l when l.isEmpty() -> out.append(" []\n");
            case List<?> l -> {
                out.append('\n');
                list(l, indent, out);
            }
            default -> out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static void list(List<?> list, int indent, StringBuilder out) {
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                // The item's first key goes on the dash's line, the others under it.
                var block = new StringBuilder();
                map(cast(m), indent + 2, block);
                out.append(" ".repeat(indent)).append("- ").append(block, indent + 2, block.length());
            } else if (item instanceof List<?> || item instanceof Map<?, ?>) {
                throw new IllegalArgumentException("a list in a list, or an empty map in a list, is not needed here");
            } else {
                out.append(" ".repeat(indent)).append("- ").append(scalar(item)).append('\n');
            }
        }
    }

    private static String scalar(Object value) {
        return switch (value) {
            case String s -> quote(s);
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Boolean b -> b.toString();
            default -> throw new IllegalArgumentException("not a YAML scalar here: " + value.getClass());
        };
    }

    private static String key(String key) {
        return PLAIN_KEY.matcher(key).matches() ? key : quote(key);
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}

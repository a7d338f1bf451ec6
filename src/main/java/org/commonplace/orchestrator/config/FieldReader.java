package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.commonplace.orchestrator.json.JsonTrees;

/**
 * Typed reads of JSON values that report a wrong type as an error naming the path and the value
 * found. Each returns empty both when the value is wrong (the error is recorded) and when the caller
 * passes {@code null} for an absent field, so callers apply the default in one place and rely on the
 * error count to reject the file.
 */
final class FieldReader {
    private static final int MAX_SHOWN = 60;

    private final Problems problems;

    FieldReader(Problems problems) {
        this.problems = problems;
    }

    Optional<String> string(String path, JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.error(path, "expected a string, got " + describe(node) + quoteHint(node));
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    /**
     * An array whose every element is a string; bad elements are each reported at their index. At
     * most {@link Limits#MAX_ARGS} elements: beyond that the array is one error, not one per element.
     */
    Optional<List<String>> strings(String path, JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            problems.error(path, "expected an array of strings, got " + describe(node));
            return Optional.empty();
        }
        if (node.size() > Limits.MAX_ARGS) {
            problems.error(path, "has " + node.size() + " entries; at most " + Limits.MAX_ARGS
                    + " are allowed (the limit for a config file)");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            Optional<String> value = string(JsonPaths.index(path, i), node.get(i));
            value.ifPresent(values::add);
            ok &= value.isPresent();
        }
        return ok ? Optional.of(values) : Optional.empty();
    }

    /**
     * A delay or timeout: a whole number of milliseconds from 0 to {@link Limits#MAX_MS} (24 h). A
     * larger one is a typo, not a wish, and would overflow when added to a point in time.
     */
    OptionalLong milliseconds(String path, JsonNode node) {
        if (node == null) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber()) {
            problems.error(path, "expected a whole number of milliseconds, got " + describe(node));
            return OptionalLong.empty();
        }
        if (node.bigIntegerValue().signum() < 0) {
            problems.error(path, "must not be negative, got " + JsonTrees.text(node));
            return OptionalLong.empty();
        }
        if (!node.canConvertToLong() || node.longValue() > Limits.MAX_MS) {
            problems.error(path, "must be at most " + Limits.MAX_MS + " (24 h), got " + JsonTrees.text(node));
            return OptionalLong.empty();
        }
        return OptionalLong.of(node.longValue());
    }

    /**
     * A whole number from {@code min} to {@code max}: a count or a size, where a fraction or a string
     * is a slip and a huge value a typo.
     *
     * @param why what the upper limit is, for the message: "the limit for a config file"
     */
    OptionalLong wholeNumber(String path, JsonNode node, long min, long max, String why) {
        if (node == null) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber()) {
            problems.error(path, "expected a whole number, got " + describe(node));
            return OptionalLong.empty();
        }
        if (!node.canConvertToLong() || node.longValue() < min) {
            problems.error(path, "must be at least " + min + ", got " + JsonTrees.text(node));
            return OptionalLong.empty();
        }
        if (node.longValue() > max) {
            problems.error(path, "must be at most " + max + " (" + why + "), got " + JsonTrees.text(node));
            return OptionalLong.empty();
        }
        return OptionalLong.of(node.longValue());
    }

    /** Milliseconds from 1 up: an interval or timeout, where 0 would mean "never wait" or "spin". */
    OptionalLong positiveMilliseconds(String path, JsonNode node) {
        OptionalLong value = milliseconds(path, node);
        if (value.isPresent() && value.getAsLong() < 1) {
            problems.error(path, "must be at least 1, got " + JsonTrees.text(node));
            return OptionalLong.empty();
        }
        return value;
    }

    Optional<Boolean> bool(String path, JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            problems.error(path, "expected true or false, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.booleanValue());
    }

    Optional<ObjectNode> object(String path, JsonNode node, String what) {
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode object)) {
            problems.error(path, "expected " + what + ", got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(object);
    }

    /** Reports every member of {@code object} whose key is not in {@code known}. */
    void unknownFields(String objectPath, ObjectNode object, List<String> known) {
        Set<String> accepted = Set.copyOf(known);
        object.fieldNames().forEachRemaining(key -> {
            if (!accepted.contains(key)) {
                problems.unknownField(objectPath, key, known);
            }
        });
    }

    /** {@return the JSON type and the value, shortened: string "--port 3000", number 1.5, object {…}} */
    static String describe(JsonNode node) {
        String type = switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        if (node.isNull()) {
            return type;
        }
        String text = JsonTrees.text(node);
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN) + "…";
        }
        return type + " " + text;
    }

    /**
     * Rejects a NUL character in a string that reaches exec (command, args, env, cwd): C strings end
     * at NUL, so the program would silently get only the part before it, or the start would fail.
     *
     * @return whether the string is free of NUL (otherwise the error is recorded)
     */
    boolean withoutNul(String path, String value) {
        if (value.indexOf('\0') < 0) {
            return true;
        }
        problems.error(path, quoted(value) + " contains a NUL character (\\u0000), which cannot be passed to a program");
        return false;
    }

    /** {@return the string in double quotes, control characters escaped as \\uXXXX so a message stays one line} */
    static String quoted(String value) {
        var text = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                text.append(String.format("\\u%04x", c));
            } else {
                text.appendCodePoint(c);
            }
        });
        return text.append('"').toString();
    }

    /** Numbers and booleans are the usual slip where a string is wanted; say how to write them. */
    private static String quoteHint(JsonNode node) {
        return node.isNumber() || node.isBoolean() ? " (write it in quotes: \"" + JsonTrees.text(node) + "\")" : "";
    }
}

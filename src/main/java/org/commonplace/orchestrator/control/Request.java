package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One request, checked field by field: a field that is there must have its type (docs/control.md), or
 * the request is refused in one line naming the field and the value. A lenient reading told lies:
 * {@code "v":"1"} and {@code 1.5} passed as version 1, {@code "names":"web"} (not an array) named no
 * process and so every process, and {@code [null]} became a process named {@code null}. Fields the
 * protocol does not know are ignored, so a newer client's additions do not break an older server.
 *
 * @param cmd            the command; empty when the request has none
 * @param names          the process names, in order; empty when not given
 * @param withDependents {@code stop}'s {@code with_dependents}
 * @param lines          {@code logs}'s {@code lines} (negative taken as 0), when given
 * @param follow         {@code logs}'s {@code follow}
 * @param intervalMs     {@code watch}'s {@code interval_ms}, when given
 * @param count          {@code scale}'s {@code count}, when given
 * @param signal         {@code signal}'s {@code signal} (a name such as "HUP", or a number as text); empty when not given
 * @param main           {@code signal}'s {@code main}: the main process alone, not its group
 */
record Request(String cmd, List<String> names, boolean withDependents, OptionalLong lines, boolean follow,
               OptionalLong intervalMs, OptionalLong count, String signal, boolean main) {
    /** How much of a refused value the error line quotes. */
    static final int QUOTED_CHARS = 40;

    Request {
        names = List.copyOf(names);
    }

    /** A request that cannot be served, with the error kind of docs/control.md. */
    static final class Bad extends Exception {
        final String error;

        Bad(String error, String message) {
            super(message);
            this.error = error;
        }
    }

    /** {@return whether it opens a long-lived stream ({@code watch}, {@code logs} with {@code follow})} */
    boolean isStream() {
        return cmd.equals("watch") || cmd.equals("logs") && follow;
    }

    /** {@return the request in {@code bytes[0, length)}} */
    static Request parse(byte[] bytes, int length) throws Bad {
        JsonNode node;
        try {
            node = TreeReader.read(bytes, 0, length);
        } catch (IOException e) {
            throw new Bad("bad_request", "not a JSON object: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new Bad("bad_request", "the request must be one JSON object on one line");
        }
        return of(node);
    }

    /** {@return the request {@code node} says} */
    static Request of(JsonNode node) throws Bad {
        JsonNode v = node.get("v");
        if (v != null && !(v.isIntegralNumber() && v.canConvertToInt() && v.intValue() == Protocol.VERSION)) {
            throw new Bad("unsupported_version", "\"v\" is " + quote(v) + "; this orchestrator speaks protocol version "
                    + Protocol.VERSION + " (the number " + Protocol.VERSION + ")");
        }
        JsonNode cmd = node.get("cmd");
        if (cmd != null && !cmd.isTextual()) {
            throw new Bad("bad_request", "\"cmd\" must be a string, not " + quote(cmd));
        }
        return new Request(cmd == null ? "" : cmd.textValue(), names(node.get("names")), flag(node, "with_dependents"),
                whole(node, "lines"), flag(node, "follow"), whole(node, "interval_ms"), whole(node, "count"),
                signal(node.get("signal")), flag(node, "main"));
    }

    private static List<String> names(JsonNode array) throws Bad {
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new Bad("bad_request", "\"names\" must be an array of process names, not " + quote(array));
        }
        var names = new ArrayList<String>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode name = array.get(i);
            if (!name.isTextual()) {
                throw new Bad("bad_request", "\"names\"[" + i + "] must be a process name (a string), not " + quote(name));
            }
            names.add(name.textValue());
        }
        return names;
    }

    /** {@return the signal as text: a name, or a whole number written as text} */
    private static String signal(JsonNode value) throws Bad {
        if (value == null) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return Integer.toString(value.intValue());
        }
        throw new Bad("bad_request", "\"signal\" must be a signal name such as \"HUP\" (or its number), not " + quote(value));
    }

    private static boolean flag(JsonNode node, String field) throws Bad {
        JsonNode value = node.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new Bad("bad_request", "\"" + field + "\" must be true or false, not " + quote(value));
        }
        return value.booleanValue();
    }

    private static OptionalLong whole(JsonNode node, String field) throws Bad {
        JsonNode value = node.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Bad("bad_request", "\"" + field + "\" must be a whole number, not " + quote(value));
        }
        return OptionalLong.of(value.longValue());
    }

    /** {@return the value as JSON, cut short: the error line stays one short line whatever was sent} */
    static String quote(JsonNode value) {
        return cut(TreeWriter.text(value));
    }

    /** {@return {@code text} cut to {@link #QUOTED_CHARS}} */
    static String cut(String text) {
        return text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS) + "...";
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import org.commonplace.orchestrator.json.JsonTrees;

/**
 * A ready or liveness check of a replicated process that names {@code ${REPLICA}}, as written
 * ({@code "tcp": "127.0.0.1:80${REPLICA}"}): each replica's own check is made from it, as its args
 * and env are. Kept as written, not parsed, because a port, a URL or a regular expression with the
 * placeholder in it is none until the number is in; and {@code scale} makes replicas beyond the
 * configured count from it at run time.
 *
 * @param kind    the check's kind, one of {@link ReadyCheck#KINDS}
 * @param written the check's value as the config gives it (a string, an array of strings or an object)
 */
public record ReplicaCheck(String kind, JsonNode written) {
    /** What each replica's number replaces. */
    public static final String PLACEHOLDER = "${" + ReplicaNames.VARIABLE + "}";

    public ReplicaCheck {
        written = written.deepCopy(); // a JsonNode is mutable; this one must not change under a run
    }

    /** {@return the check as written, when a string in it names {@code ${REPLICA}}} */
    static Optional<ReplicaCheck> of(String kind, JsonNode value) {
        return names(value) ? Optional.of(new ReplicaCheck(kind, value)) : Optional.empty();
    }

    private static boolean names(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().contains(PLACEHOLDER);
        }
        for (JsonNode child : node) { // array elements, object values; nothing for other scalars
            if (names(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return replica {@code index}'s check (1-based): {@code ${REPLICA}} replaced by its number in
     * every string of the check, then read by the rules of a written check}
     *
     * @throws IllegalArgumentException saying what is wrong, when the number makes it no check (port 801000)
     */
    public ReadyCheck forReplica(int index) {
        return read(Integer.toString(index));
    }

    /**
     * {@return the check with {@code ${REPLICA}} left in, where that still reads as a check (an {@code exec}
     * command, an {@code mqtt_message} topic): for a systemd template unit, whose {@code %i} stands for it}
     */
    public Optional<ReadyCheck> asWritten() {
        try {
            return Optional.of(read(PLACEHOLDER));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@return "tcp 127.0.0.1:80${REPLICA}": the check as written, for humans} */
    public String describe() {
        return asWritten().map(ReadyCheck::describe)
                .orElseGet(() -> kind + " " + (written.isTextual() ? written.textValue() : JsonTrees.text(written)));
    }

    private ReadyCheck read(String number) {
        var problems = new Problems(Path.of("config"), new JsonLocations(), false);
        Optional<ReadyCheck> check = new ReadyValidator(problems).check(kind, kind, replaced(written, number));
        return check.orElseThrow(() -> new IllegalArgumentException(problems.inFileOrder().isEmpty() ? "not a " + kind + " check"
                : problems.inFileOrder().getFirst().message()));
    }

    private static JsonNode replaced(JsonNode node, String number) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(node.textValue().replace(PLACEHOLDER, number));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(replaced(element, number)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> out.set(field.getKey(), replaced(field.getValue(), number)));
            return out;
        }
        return node;
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code depends_on} as docker compose reads it: the short list of names, or the long syntax, an
 * object of names to {@code {"condition", "restart", "required"}} (plus our {@code timeout_ms} and the
 * condition {@code service_completed}). As in compose, {@code condition} is required in the long syntax;
 * {@code restart} defaults to false and {@code required} to true. Whether the names name processes is
 * {@link DependencyChecks}' job.
 */
final class DependsOnValidator {
    static final List<String> FIELDS = List.of("condition", "restart", "required", "timeout_ms");

    /** The names in the file's order, and the entries written in the long syntax. */
    record Parsed(List<String> names, DependencyConditions conditions) {
        static final Parsed NONE = new Parsed(List.of(), DependencyConditions.none());
    }

    private final Problems problems;
    private final FieldReader read;

    DependsOnValidator(Problems problems, FieldReader read) {
        this.problems = problems;
        this.read = read;
    }

    Parsed validate(String path, JsonNode node) {
        if (node == null) {
            return Parsed.NONE;
        }
        if (node.isArray()) {
            return new Parsed(read.strings(path, node).orElse(List.of()), DependencyConditions.none());
        }
        if (!node.isObject()) {
            problems.error(path, "expected a list of process names, or an object of names to"
                    + " {\"condition\": ...} (compose's long syntax), got " + FieldReader.describe(node));
            return Parsed.NONE;
        }
        if (node.size() > Limits.MAX_ARGS) {
            problems.error(path, "has " + node.size() + " entries; at most " + Limits.MAX_ARGS
                    + " are allowed (the limit for a config file)");
            return Parsed.NONE;
        }
        var names = new ArrayList<String>();
        Map<String, Dependency> entries = new LinkedHashMap<>();
        node.properties().forEach(member -> {
            names.add(member.getKey());
            entry(JsonPaths.child(path, member.getKey()), member.getValue()).ifPresent(d -> entries.put(member.getKey(), d));
        });
        return new Parsed(names, new DependencyConditions(entries));
    }

    private Optional<Dependency> entry(String path, JsonNode node) {
        Optional<com.fasterxml.jackson.databind.node.ObjectNode> found =
                read.object(path, node, "an object {\"condition\", \"restart\", \"required\", \"timeout_ms\"}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var entry = found.get();
        read.unknownFields(path, entry, FIELDS);
        JsonNode conditionNode = entry.get("condition");
        Optional<Dependency.Condition> condition = Optional.empty();
        if (conditionNode == null) {
            // As compose: the long syntax names its condition.
            problems.errorAt(path + ".condition", problems.locations().ofValue(path),
                    "missing required field 'condition'; use one of " + String.join(", ", Dependency.Condition.words()));
        } else {
            condition = read.string(path + ".condition", conditionNode).flatMap(word -> {
                Optional<Dependency.Condition> known = Dependency.Condition.fromWord(word);
                if (known.isEmpty()) {
                    problems.error(path + ".condition", "unknown condition \"" + word + "\"; use one of "
                            + String.join(", ", Dependency.Condition.words()));
                }
                return known;
            });
        }
        boolean restart = read.bool(path + ".restart", entry.get("restart")).orElse(false);
        boolean required = read.bool(path + ".required", entry.get("required")).orElse(true);
        long timeoutMs = read.positiveMilliseconds(path + ".timeout_ms", entry.get("timeout_ms")).orElse(Dependency.NO_TIMEOUT);
        return condition.map(c -> new Dependency(c, restart, required, timeoutMs));
    }
}

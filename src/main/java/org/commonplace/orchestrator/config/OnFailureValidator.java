package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Checks a process's {@code on_failure}: {@code {"command": ["notify", "arg"], "timeout_ms": 10000}};
 * {@code command} may also be one string, a program run without arguments (never split by a shell).
 */
final class OnFailureValidator {
    static final List<String> FIELDS = List.of("command", "timeout_ms");

    private final Problems problems;
    private final FieldReader read;

    OnFailureValidator(Problems problems) {
        this.problems = problems;
        this.read = new FieldReader(problems);
    }

    OnFailure validate(String path, JsonNode node) {
        if (node == null) {
            return OnFailure.none();
        }
        Optional<ObjectNode> found = read.object(path, node, "an object {\"command\": [\"program\", \"arg\", ...], \"timeout_ms\": ...}");
        if (found.isEmpty()) {
            return OnFailure.none();
        }
        ObjectNode hook = found.get();
        read.unknownFields(path, hook, FIELDS);
        long timeoutMs = read.positiveMilliseconds(path + ".timeout_ms", hook.get("timeout_ms")).orElse(OnFailure.DEFAULT_TIMEOUT_MS);
        List<String> command = command(path + ".command", hook.get("command"), path);
        return command.isEmpty() ? OnFailure.none() : new OnFailure(command, timeoutMs);
    }

    private List<String> command(String path, JsonNode node, String hookPath) {
        if (node == null) {
            problems.errorAt(path, problems.locations().ofValue(hookPath), "missing required field 'command' (the program to run)");
            return List.of();
        }
        List<String> argv = node.isTextual() ? read.string(path, node).map(List::of).orElse(List.of())
                : read.strings(path, node).orElse(List.of());
        if (argv.isEmpty() && (node.isArray() || node.isTextual())) {
            problems.error(path, "expected a program or [\"program\", \"arg\", ...], got " + FieldReader.describe(node));
            return List.of();
        }
        for (int i = 0; i < argv.size(); i++) {
            String where = node.isTextual() ? path : JsonPaths.index(path, i);
            if (i == 0 && argv.get(i).isBlank()) {
                problems.error(where, "must name a program, got \"" + argv.get(i) + "\"");
                return List.of();
            }
            if (!read.withoutNul(where, argv.get(i))) {
                return List.of();
            }
        }
        return argv;
    }
}

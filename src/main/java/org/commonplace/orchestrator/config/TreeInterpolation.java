package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies {@link Interpolation} to every string value of a parsed document, in place (keys are left
 * as written, as in Compose). A failure is an error at the value, in the file it is in.
 */
final class TreeInterpolation {
    private TreeInterpolation() {
    }

    static void apply(JsonNode node, String path, Interpolation interpolation, Problems problems) {
        if (node instanceof ObjectNode object) {
            for (var member : object.properties()) {
                String childPath = JsonPaths.child(path, member.getKey());
                if (member.getValue().isTextual()) {
                    text(member.getValue().textValue(), childPath, interpolation, problems)
                            .ifPresent(member::setValue);
                } else {
                    apply(member.getValue(), childPath, interpolation, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = JsonPaths.index(path, i);
                if (array.get(i).isTextual()) {
                    int at = i;
                    text(array.get(i).textValue(), childPath, interpolation, problems).ifPresent(v -> array.set(at, v));
                } else {
                    apply(array.get(i), childPath, interpolation, problems);
                }
            }
        }
    }

    private static java.util.Optional<JsonNode> text(String value, String path, Interpolation interpolation,
                                                     Problems problems) {
        if (value.indexOf('$') < 0) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(com.fasterxml.jackson.databind.node.TextNode.valueOf(interpolation.apply(value)));
        } catch (Interpolation.Failure e) {
            problems.error(path, e.getMessage());
            return java.util.Optional.empty();
        }
    }
}

package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.commonplace.orchestrator.json.JsonTrees;

/**
 * The protocol's lines: a Jackson tree as JSON text on one line, written by {@link JsonTrees} with
 * jackson-core's generator alone (see {@link TreeReader} for why not databind's {@code ObjectMapper}).
 */
public final class TreeWriter {
    private TreeWriter() {
    }

    /** {@return {@code node} as JSON text on one line, newline included, in UTF-8}: a line of the protocol */
    public static byte[] line(JsonNode node) {
        return (text(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@return {@code node} as JSON text on one line} */
    public static String text(JsonNode node) {
        return JsonTrees.text(node);
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A parsed config value as JSON text for an error message ({@code got array [1,2]}), written with
 * jackson-core's generator alone: the same text as {@code JsonNode.toString()}, without the databind
 * {@code ObjectMapper} that {@code toString()} builds (some hundreds of classes, for one line of an
 * error; the tree is parsed already). The control protocol's {@code TreeWriter} does the same for its
 * lines; config may not depend on control, and model, which both may, does no I/O, so each has its copy.
 */
final class NodeText {
    private static final JsonFactory FACTORY = new JsonFactory();

    private NodeText() {
    }

    /** {@return {@code node} as JSON text on one line} */
    static String text(JsonNode node) {
        if (node.isMissingNode()) {
            return ""; // as toString() has it
        }
        var text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes {@code node} with {@code generator}, each kind of node as its own {@code serialize} does. */
    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), generator);
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(element, generator);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            // Binary and POJO nodes: a parsed file has none; an error message is no place to fail.
            default -> generator.writeString(node.asText());
        }
    }
}

package org.commonplace.orchestrator.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes a Jackson tree as JSON text with jackson-core's generator: the same text, character for
 * character, as databind's {@code ObjectMapper} (and {@code JsonNode.toString()}) gives for a parsed
 * tree, without loading databind's serializers.
 */
public final class JsonTrees {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTrees() {
    }

    /** {@return {@code node} as JSON text on one line; empty for a missing node, as {@code toString()} has it} */
    public static String text(JsonNode node) {
        if (node.isMissingNode()) {
            return "";
        }
        var text = new StringWriter();
        try (JsonGenerator generator = generator(text)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** {@return a generator writing into {@code text}, for a caller that sets escapes or indentation} */
    public static JsonGenerator generator(Writer text) throws IOException {
        return FACTORY.createGenerator(text);
    }

    /**
     * Writes {@code node} with {@code generator}, each kind of node as its own {@code serialize} does.
     *
     * @throws IllegalArgumentException for a binary, POJO or missing node, which no parsed text has
     */
    public static void write(JsonNode node, JsonGenerator generator) throws IOException {
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
            default -> throw new IllegalArgumentException("not a JSON value of parsed text: " + node.getNodeType());
        }
    }
}

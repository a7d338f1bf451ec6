package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a Jackson tree as JSON text with jackson-core's generator alone (see {@link TreeReader} for
 * why not databind's {@code ObjectMapper}): the same text, character for character, as {@code
 * ObjectMapper.writeValueAsString} gives for the trees the protocol builds. Also used by {@link
 * SafeJson} for {@code ps --json}, with its escapes and indentation.
 */
public final class TreeWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private TreeWriter() {
    }

    /** {@return {@code node} as JSON text on one line, newline included, in UTF-8}: a line of the protocol */
    public static byte[] line(JsonNode node) {
        return (text(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@return {@code node} as JSON text on one line} */
    public static String text(JsonNode node) {
        var text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** {@return a generator writing into {@code text}, for a caller that sets escapes or indentation} */
    static JsonGenerator generator(StringWriter text) throws IOException {
        return FACTORY.createGenerator(text);
    }

    /** Writes {@code node} with {@code generator}, each kind of node as its own {@code serialize} does. */
    static void write(JsonNode node, JsonGenerator generator) throws IOException {
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
            // Binary, POJO and missing nodes: the protocol's trees have none.
            default -> throw new IllegalArgumentException("not a JSON value of the protocol: " + node.getNodeType());
        }
    }
}

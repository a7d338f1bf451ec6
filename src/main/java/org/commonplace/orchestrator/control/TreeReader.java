package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads one JSON value into a Jackson tree with jackson-core's streaming parser alone: the lines of
 * the control protocol (a request on the server's side, a reply on the client's). Not databind's
 * {@code ObjectMapper}: its serializers, deserializers and introspection are some 300 classes, which
 * every run and every client call would load (the AOT cache loads all it holds at start) for what is
 * a few lines here. The trees are the same as {@code ObjectMapper.readTree}'s: whole numbers as int,
 * long or big integer nodes by size, other numbers as doubles, the last of duplicate keys kept.
 *
 * <p>Bounded for text from anyone: the caller holds the text (a request line is at most {@link
 * Protocol#MAX_REQUEST_BYTES}, a reply line at most {@link ReplyReader#MAX_LINE_BYTES}), it nests at
 * most {@link #MAX_DEPTH} levels (the parser stops deeper ones, so the recursion here is bounded), and
 * it is one value: anything after it is an error, as one line is one object.
 */
public final class TreeReader {
    /** The process object nests three levels (reply, list, object, last_exit); anything deeper is junk. */
    public static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TreeReader() {
    }

    /**
     * {@return the value in {@code bytes[offset, offset + length)}, or null when there is none (only whitespace)}
     *
     * @throws IOException a {@link com.fasterxml.jackson.core.JacksonException} when it is not JSON,
     *                     nests deeper than {@link #MAX_DEPTH}, or more follows the value
     */
    public static JsonNode read(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            return one(parser);
        }
    }

    /** {@return the value in {@code text}, or null when there is none}; fails as {@link #read(byte[], int, int)} does */
    public static JsonNode read(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return one(parser);
        }
    }

    private static JsonNode one(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return null;
        }
        JsonNode value = value(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "more after the end of the value");
        }
        return value;
    }

    /** {@return the value whose first token the parser is at} */
    private static JsonNode value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    object.set(key, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
        };
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads JSON text into a Jackson tree in one pass of the streaming parser, recording where every
 * key and value starts.
 *
 * <p>Duplicate keys are detected here instead of with Jackson's
 * {@code STRICT_DUPLICATE_DETECTION}: that feature aborts the parse at the first duplicate, while
 * we want every duplicate, and every other problem of the file, reported in one run. The first
 * occurrence is kept; the file cannot load anyway, since duplicates are errors.
 */
final class LocatedJsonReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            // Deep nesting would overflow the stack (ours recurses per level, and so does
            // JsonNode.toString); Jackson's own limit stops it while parsing, where it is cheap.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_NESTING_DEPTH)
                    .maxDocumentLength(Limits.MAX_FILE_BYTES)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Jackson's "[Source: ...; line: 1, column: 2]" inside messages, reduced to "1:2". */
    private static final Pattern SOURCE = Pattern.compile(
            "\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]");

    private static final Pattern JACKSON_HINT = Pattern.compile(
            "\\s*(\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)"
                    + "|, from `[^`]*`)");

    /** A duplicate key: {@code path} is the object holding it. */
    record Duplicate(String objectPath, String key, Position at) {
    }

    /** A parsed document: the tree, where its parts are, and the duplicate keys that were dropped. */
    record Document(JsonNode root, JsonLocations locations, List<Duplicate> duplicates) {
    }

    /** The text is not JSON: a short reason without Jackson's source boilerplate, and where. */
    static final class SyntaxError extends Exception {
        private final Position at;

        SyntaxError(String reason, Position at) {
            super(reason, null, false, false);
            this.at = at;
        }

        Position at() {
            return at;
        }
    }

    private final JsonLocations locations = new JsonLocations();
    private final List<Duplicate> duplicates = new ArrayList<>();
    private int values;

    private LocatedJsonReader() {
    }

    /**
     * Parses a whole document; the bytes' encoding (UTF-8, -16 or -32) is detected by Jackson.
     *
     * @throws SyntaxError when the bytes are not one JSON value
     */
    static Document read(byte[] json) throws SyntaxError {
        try (JsonParser parser = FACTORY.createParser(json)) {
            try {
                return new LocatedJsonReader().readDocument(parser, json.length);
            } catch (StreamConstraintsException e) {
                // Carries no location of its own; the parser stopped where the limit was passed.
                throw new SyntaxError(limitPassed(e), position(parser.currentLocation()));
            }
        } catch (JacksonException e) {
            throw new SyntaxError("not valid JSON: " + shorten(e.getOriginalMessage()), position(e.getLocation()));
        } catch (IOException e) {
            // Not a JSON syntax problem but undecodable bytes (CharConversionException and the like).
            throw new SyntaxError("cannot decode the text: " + shorten(e.getMessage()), Position.UNKNOWN);
        }
    }

    private Document readDocument(JsonParser parser, int length) throws IOException, SyntaxError {
        if (parser.nextToken() == null) {
            throw new SyntaxError(length == 0 ? "the file is empty" : "the file is empty (only whitespace)",
                    Position.UNKNOWN);
        }
        JsonNode root = readValue(parser, "");
        if (parser.nextToken() != null) {
            throw new SyntaxError("not valid JSON: unexpected content after the end of the top-level value",
                    position(parser.currentTokenLocation()));
        }
        return new Document(root, locations, List.copyOf(duplicates));
    }

    private static String limitPassed(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "arrays and objects are nested more than " + Limits.MAX_NESTING_DEPTH
                    + " deep, the limit for a config file (a config needs 5)";
        }
        return "the file passes a limit for a config file: " + shorten(message);
    }

    private JsonNode readValue(JsonParser parser, String path) throws IOException, SyntaxError {
        if (++values > Limits.MAX_VALUES) {
            throw new SyntaxError("the file has more than " + Limits.MAX_VALUES
                    + " values (strings, numbers, arrays, objects…), the limit for a config file",
                    position(parser.currentTokenLocation()));
        }
        locations.value(path, position(parser.currentTokenLocation()));
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readObject(parser, path);
            case START_ARRAY -> readArray(parser, path);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            // DecimalNode directly: the factory may strip "1.0" to "1", which would make the
            // "expected a whole number, got number 1" message absurd.
            case VALUE_NUMBER_FLOAT -> DecimalNode.valueOf(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("unexpected token " + token + " at " + path);
        };
    }

    private ObjectNode readObject(JsonParser parser, String path) throws IOException, SyntaxError {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Position keyAt = position(parser.currentTokenLocation());
            String childPath = JsonPaths.child(path, key);
            parser.nextToken();
            if (object.has(key)) {
                duplicates.add(new Duplicate(path, key, keyAt));
                parser.skipChildren();
                continue;
            }
            locations.key(childPath, keyAt);
            object.set(key, readValue(parser, childPath));
        }
        return object;
    }

    private ArrayNode readArray(JsonParser parser, String path) throws IOException, SyntaxError {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(parser, JsonPaths.index(path, array.size())));
        }
        return array;
    }

    private static Position position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Position.UNKNOWN;
        }
        return new Position(location.getLineNr(), Math.max(location.getColumnNr(), 0));
    }

    private static String shorten(String message) {
        if (message == null || message.isBlank()) {
            return "not valid JSON";
        }
        String text = SOURCE.matcher(message).replaceAll("$1:$2");
        // Hints at Jackson's own switches mean nothing to someone writing a config file.
        text = JACKSON_HINT.matcher(text).replaceAll("");
        int end = text.indexOf("\n at [Source");
        if (end >= 0) {
            text = text.substring(0, end);
        }
        return text.replace('\n', ' ').strip();
    }
}

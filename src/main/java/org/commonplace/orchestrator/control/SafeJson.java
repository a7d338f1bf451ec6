package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import org.commonplace.orchestrator.json.JsonTrees;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * JSON for a terminal: Jackson escapes C0 inside strings, as JSON requires, but writes DEL and the
 * C1 controls (U+0080 to U+009F, a CSI among them) as they are. Here every control character of
 * {@link ControlChars#isControl} is written as a {@code \\uXXXX} escape: the same JSON to a parser,
 * nothing a terminal acts on.
 */
final class SafeJson {
    private static final Escapes ESCAPES = new Escapes();

    private SafeJson() {
    }

    /**
     * {@return {@code node} as indented JSON text, every control character escaped}: Jackson's default
     * indentation, as databind's {@code writerWithDefaultPrettyPrinter} wrote it before (scripts read it)
     */
    static String pretty(JsonNode node) throws IOException {
        var text = new StringWriter();
        try (JsonGenerator generator = JsonTrees.generator(text)) {
            generator.setCharacterEscapes(ESCAPES);
            generator.setPrettyPrinter(new DefaultPrettyPrinter());
            JsonTrees.write(node, generator);
        }
        return text.toString();
    }

    private static final class Escapes extends CharacterEscapes {
        private final int[] ascii;

        Escapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch <= 0xffff && ControlChars.isControl((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}

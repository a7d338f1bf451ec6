package org.commonplace.orchestrator.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * How lines look: on the console (colours and padding, timestamps, or JSON) and in log files (the
 * CRI form, or JSON). Makes a {@link Framing} for each stream and destination.
 *
 * <p>Text on the console: {@code [name] line} exactly, as scripts parse it; with colours (a
 * terminal, or {@code --color=always}) each name in its own colour and padded to the longest name,
 * a red {@code !} before stderr lines, our own {@code [orchestrator]} in bold; with timestamps the
 * time first. The time is when the I/O loop read the bytes, not when they are printed.
 */
public final class LogStyle {
    /** The console's format ({@code --log-format}). */
    public enum Format { TEXT, JSON }

    private static final String OURS = "orchestrator";
    private final boolean color;
    private final boolean timestamps;
    private final boolean utc;
    private final Format format;
    private final int width;

    /**
     * @param width the longest process name: names are padded to it when colours are on
     */
    public LogStyle(boolean color, boolean timestamps, boolean utc, Format format, int width) {
        this.color = color && format == Format.TEXT;
        this.timestamps = timestamps;
        this.utc = utc;
        this.format = format;
        this.width = width;
    }

    /** {@return {@code [name] line}, nothing else: what the orchestrator wrote before there were styles} */
    public static LogStyle plain() {
        return new LogStyle(false, false, false, Format.TEXT, 0);
    }

    public boolean json() {
        return format == Format.JSON;
    }

    /** {@return how a process's stream looks on the console} */
    public Framing console(String name, boolean err, long pid) {
        if (format == Format.JSON) {
            return jsonFraming(name, err, pid);
        }
        return new Framing(Framing.Kind.TEXT, timestamps ? new Stamp(utc) : null, prefix(name, err, false), prefix(name, err, true));
    }

    /** {@return how a process's stream looks in its log file} */
    public Framing file(String name, boolean err, long pid) {
        if (format == Format.JSON) {
            return jsonFraming(name, err, pid);
        }
        byte[] stream = Framing.utf8(err ? " stderr " : " stdout ");
        return new Framing(Framing.Kind.FILE, new Stamp(utc), stream, stream);
    }

    /** {@return how our own lines look on the console} */
    public Framing consoleOurs() {
        if (format == Format.JSON) {
            return new Framing(Framing.Kind.JSON, new Stamp(utc), new byte[0], new byte[0]);
        }
        byte[] prefix = Framing.utf8(color ? Colors.OURS + "[" + OURS + "]" + Colors.RESET + " " : "[" + OURS + "] ");
        return new Framing(Framing.Kind.TEXT, timestamps ? new Stamp(utc) : null, prefix, prefix);
    }

    /** {@return how our own lines look in orchestrator.log} */
    public Framing fileOurs() {
        if (format == Format.JSON) {
            return consoleOurs();
        }
        byte[] stream = Framing.utf8(" stdout ");
        return new Framing(Framing.Kind.FILE, new Stamp(utc), stream, stream);
    }

    /** {@return what a carriage return inside a line is followed by on a terminal: the line's prefix} */
    public byte[] carriagePrefix(String name, boolean err) {
        return prefix(name, err, false);
    }

    /**
     * {@return the bytes of a console line of {@code name} (or of ours, for {@code orchestrator})
     * without what was put around them}: {@code logs} shows the lines as the child wrote them.
     */
    public byte[] strip(String name, boolean err, byte[] bytes, int from, int to) {
        if (format == Format.JSON) {
            try {
                return jsonLine(bytes, from, to);
            } catch (IOException | IllegalArgumentException e) {
                return Arrays.copyOfRange(bytes, from, to);
            }
        }
        Framing framing = name.equals(OURS) ? consoleOurs() : console(name, err, 0);
        return framing.strip(bytes, from, to);
    }

    /**
     * {@return the line a JSON console line carries: {@code line_base64} decoded, else {@code line}}
     * Read with Jackson's streaming parser, not databind's ObjectMapper, whose classes every run would
     * otherwise load (the AOT cache holds what a run once used); our own lines are flat objects.
     */
    private static byte[] jsonLine(byte[] bytes, int from, int to) throws IOException {
        String text = "";
        try (JsonParser parser = Json.FACTORY.createParser(bytes, from, to - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals("line_base64") && value != JsonToken.VALUE_NULL) {
                    return Base64.getDecoder().decode(parser.getValueAsString(""));
                } else if (key.equals("line") && value.isScalarValue()) {
                    text = parser.getValueAsString("");
                }
                parser.skipChildren();
            }
        }
        return Framing.utf8(text);
    }

    /** Made at the first {@code logs} of JSON lines. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private Framing jsonFraming(String name, boolean err, long pid) {
        // Names are [A-Za-z0-9._-]: nothing to escape.
        byte[] fields = Framing.utf8("\",\"process\":\"" + name + "\",\"stream\":\"" + (err ? "stderr" : "stdout")
                + "\",\"pid\":" + pid + ",\"line\":\"");
        return new Framing(Framing.Kind.JSON, new Stamp(utc), fields, fields);
    }

    /**
     * {@code [name] } (or {@code [name]+ } for the further pieces of a long line); with colours
     * {@code [name]} coloured, padded to the widest name, then a mark column: blank, a red {@code !}
     * on stderr, {@code +} for a further piece.
     */
    private byte[] prefix(String name, boolean err, boolean further) {
        if (!color) {
            return Framing.utf8("[" + name + "]" + (further ? "+ " : " "));
        }
        String pad = " ".repeat(Math.max(0, width - name.length()) + 1);
        String mark = further ? "+" : err ? "!" : " ";
        if (err) {
            mark = Colors.STDERR + mark + Colors.RESET;
        }
        return Framing.utf8(Colors.of(name) + "[" + name + "]" + Colors.RESET + pad + mark + " ");
    }
}

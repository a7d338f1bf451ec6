package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the reply lines of the control socket as a client must read what may come from anyone: the
 * socket a client is pointed at ({@code --socket}) can be another user's, answered by a program of
 * theirs. A line longer than {@link #MAX_LINE_BYTES} is never held whole (reading stops with {@link
 * Hostile}), JSON nests at most {@link #MAX_DEPTH} levels, and a line that is not JSON is an error
 * that quotes none of it.
 */
final class ReplyReader {
    /**
     * 8 MiB: the longest real reply is {@code ps} of 10,000 processes (the config's limit) at a few
     * hundred bytes each; a {@code logs} line is at most the 256 KiB a process's memory keeps, escaped.
     */
    static final int MAX_LINE_BYTES = 8 << 20;
    /** The process object nests three levels (reply, list, object, last_exit); anything deeper is junk. */
    static final int MAX_DEPTH = TreeReader.MAX_DEPTH;

    /** The orchestrator sent something no orchestrator sends; the message says what, in our words. */
    static final class Hostile extends IOException {
        Hostile(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;

    ReplyReader(InputStream in) {
        this.in = in;
    }

    /**
     * {@return the next line parsed, or null when the connection ended}
     *
     * @throws Hostile when the line is too long or not JSON
     */
    JsonNode next() throws IOException {
        String line = line();
        if (line == null) {
            return null;
        }
        try {
            JsonNode node = TreeReader.read(line); // one line, one value
            // An empty line is no value: a missing node, as databind's readTree gave (not null, the end).
            return node == null ? MissingNode.getInstance() : node;
        } catch (JacksonException e) {
            throw new Hostile("the orchestrator sent a line that is not a JSON object of the protocol");
        }
    }

    /** {@return the next line without its newline (the last one may lack it), or null at the end} */
    private String line() throws IOException {
        int scanned = 0; // how much of what is held (from start) has no newline
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end - start;
            if (end - start > MAX_LINE_BYTES) {
                throw new Hostile("the orchestrator sent a line longer than " + MAX_LINE_BYTES + " bytes; stopped reading");
            }
            if (!fill()) {
                if (start == end) {
                    return null;
                }
                String last = new String(buffer, start, end - start, StandardCharsets.UTF_8);
                start = end;
                return last;
            }
        }
    }

    /** Reads more after what is held (moving it to the front, growing up to the limit); {@return false at the end} */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES + 2));
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }
}

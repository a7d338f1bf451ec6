package org.commonplace.orchestrator.output;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How the lines of one stream (a process's stdout or stderr, or our own lines) look at one
 * destination: what goes before each line, and for JSON around it. Made by {@link LogStyle}.
 *
 * <ul>
 *   <li>{@code TEXT} (the console): {@code [TIME ][name] line}, the name coloured and padded when
 *       colours are on;
 *   <li>{@code FILE} (log files): {@code TIME stdout F line}, the CRI log format that Kubernetes
 *       writes and Loki, Vector and fluent-bit read (the tag is {@code P} for the first pieces of a
 *       line longer than 64 KiB, {@code F} for a whole line or its last piece);
 *   <li>{@code JSON}: one object per line.
 * </ul>
 *
 * <p>Not thread-safe (its heads are cached per millisecond): one per stream, used by its splitter.
 */
public final class Framing {
    enum Kind { TEXT, FILE, JSON }

    private final Kind kind;
    /** The arrival time's writer, or null for text without timestamps. */
    private final Stamp stamp;
    /** TEXT: the prefix of a line and of a further piece; FILE: " stdout " twice; JSON: the fields after the time. */
    private final byte[] first;
    private final byte[] further;
    private long cachedMillis = Long.MIN_VALUE;
    private final byte[][] cache = new byte[4][];

    Framing(Kind kind, Stamp stamp, byte[] first, byte[] further) {
        this.kind = kind;
        this.stamp = stamp;
        this.first = first;
        this.further = further;
    }

    /** {@return plain text without time: the {@code [name] } form} */
    static Framing text(byte[] prefix, byte[] continuation) {
        return new Framing(Kind.TEXT, null, prefix, continuation);
    }

    boolean json() {
        return kind == Kind.JSON;
    }

    /** {@return whether heads depend on the time (else any millis will do)} */
    boolean timed() {
        return stamp != null;
    }

    /**
     * {@return what goes before a line's bytes}: a shared array, valid until the next call.
     *
     * @param continuation whether an earlier piece of the same line was written
     * @param last         whether the line ends with this piece
     */
    byte[] head(long millis, boolean continuation, boolean last) {
        if (stamp == null) {
            return continuation ? further : first;
        }
        if (millis != cachedMillis) {
            Arrays.fill(cache, null);
            cachedMillis = millis;
        }
        int k = (continuation ? 2 : 0) + (last ? 1 : 0);
        if (cache[k] == null) {
            byte[] time = stamp.format(millis);
            cache[k] = switch (kind) {
                case TEXT -> concat(time, SPACE, continuation ? further : first);
                case FILE -> concat(time, first, last ? F : P);
                case JSON -> concat(JSON_TIME, time, first);
            };
        }
        return cache[k];
    }

    /** {@return one line of ours, framed, with its newline} */
    byte[] ours(long millis, String message, Fields fields) {
        byte[] time = stamp == null ? new byte[0] : stamp.format(millis);
        return switch (kind) {
            case TEXT -> concat(time, time.length > 0 ? SPACE : new byte[0], first, utf8(ControlChars.escape(message)), NEWLINE);
            case FILE -> concat(time, first, F, utf8(ControlChars.escape(message)), NEWLINE);
            case JSON -> jsonLine(time, message, fields);
        };
    }

    private static byte[] jsonLine(byte[] time, String message, Fields fields) {
        byte[] text = utf8(message);
        byte[] escaped = new byte[JsonText.maxLength(text.length)];
        int n = JsonText.append(text, 0, text.length, escaped, 0);
        n = n < 0 ? -n - 1 : n;
        return concat(JSON_TIME, time, utf8(ourFields(fields)), Arrays.copyOf(escaped, n), utf8("\"}\n"));
    }

    private static String ourFields(Fields f) {
        var s = new StringBuilder("\",\"process\":\"").append(f.process() == null ? "orchestrator" : f.process())
                .append("\",\"stream\":\"orchestrator\",\"event\":\"").append(f.event()).append('"');
        if (f.pid() != null) {
            s.append(",\"pid\":").append(f.pid());
        }
        if (f.exitCode() != null) {
            s.append(",\"exit_code\":").append(f.exitCode());
        }
        if (f.signal() != null) {
            s.append(",\"signal\":\"").append(f.signal()).append('"');
        }
        if (f.delayMs() != null) {
            s.append(",\"delay_ms\":").append(f.delayMs());
        }
        return s.append(",\"line\":\"").toString();
    }

    /**
     * {@return a text line's own bytes, without what this framing put before it}, for {@code logs};
     * {@code bytes[from, to)} is one line without its newline.
     */
    byte[] strip(byte[] bytes, int from, int to) {
        if (stamp != null && to - from > stamp.length()) {
            from += stamp.length() + 1;
        }
        if (startsWith(bytes, from, to, first)) {
            from += first.length;
        } else if (startsWith(bytes, from, to, further)) {
            from += further.length;
        }
        return Arrays.copyOfRange(bytes, from, to);
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        return Arrays.equals(bytes, from, from + prefix.length, prefix, 0, prefix.length);
    }

    static final byte[] SPACE = {' '};
    static final byte[] NEWLINE = {'\n'};
    private static final byte[] F = utf8("F ");
    private static final byte[] P = utf8("P ");
    static final byte[] JSON_TIME = utf8("{\"time\":\"");

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

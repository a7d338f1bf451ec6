package org.commonplace.orchestrator.output;

/**
 * Where prefixed lines go. Implementations write each call's bytes contiguously: a call holds one
 * or more whole lines, and no other call's bytes come between them.
 *
 * <p>Threading: called concurrently by every output pump; may block while the destination is slow.
 */
public interface OutputSink {
    /** Writes whole lines meant for stdout; {@code bytes[off, off+len)} ends with a newline. */
    void out(byte[] bytes, int off, int len);

    /** Writes whole lines meant for stderr; {@code bytes[off, off+len)} ends with a newline. */
    void err(byte[] bytes, int off, int len);

    /**
     * Writes one line of the orchestrator's own, never blocking: the supervisor thread calls this, and
     * it must go on supervising even when the terminal does not take output.
     */
    default void say(byte[] line, boolean toStderr) {
        if (toStderr) {
            err(line, 0, line.length);
        } else {
            out(line, 0, line.length);
        }
    }
}

package org.commonplace.orchestrator.output;

import java.nio.charset.StandardCharsets;

/**
 * The orchestrator's own voice: one line per call, prefixed {@code [orchestrator] }, through the same
 * sink as the children's lines so the two never mix and keep their order.
 */
public final class Console {
    private static final String PREFIX = "[orchestrator] ";
    private final OutputSink sink;

    public Console(OutputSink sink) {
        this.sink = sink;
    }

    /** Says something on stdout. */
    public void info(String message) {
        sink.say(line(message), false);
    }

    /** Reports a problem on stderr. */
    public void error(String message) {
        sink.say(line(message), true);
    }

    /**
     * One line, whatever the message holds: our messages quote text children chose (command lines
     * from /proc, probe errors, paths), and a newline or escape sequence in it must not start a forged
     * {@code [orchestrator]} line or clear the screen.
     */
    private static byte[] line(String message) {
        return (PREFIX + ControlChars.escape(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

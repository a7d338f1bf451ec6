package org.commonplace.orchestrator.output;

import java.nio.charset.StandardCharsets;

/**
 * The orchestrator's own voice: one line per call, prefixed {@code [orchestrator] }, through the same
 * sink as the children's lines so the two never mix and keep their order.
 *
 * <p>Every line goes to stdout, problems included: two streams are written by two threads, so with
 * {@code 2>&1} a consequence ("restarting web in 500 ms") could print before its cause ("web failed
 * to start"). One stream keeps our story in order; stdout, because that is where our other lines and
 * the children's stdout already go (as foreman and honcho do). Usage and config errors, before
 * anything runs, are not said here: they go to stderr like any command's.
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

    /** Reports a problem: on stdout as well, in order with everything else we say. */
    public void error(String message) {
        info(message);
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

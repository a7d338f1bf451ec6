package org.commonplace.orchestrator.output;

/**
 * The orchestrator's own voice: one line per call, prefixed {@code [orchestrator] } (or as the
 * {@link LogStyle} says: coloured, timed, JSON with the event's fields), through the same sink as
 * the children's lines so the two never mix and keep their order; and, with log files, into
 * {@code orchestrator.log} as well.
 *
 * <p>Every line goes to stdout, problems included: two streams are written by two threads, so with
 * {@code 2>&1} a consequence ("restarting web in 500 ms") could print before its cause ("web failed
 * to start"). One stream keeps our story in order; stdout, because that is where our other lines and
 * the children's stdout already go (as foreman and honcho do). Usage and config errors, before
 * anything runs, are not said here: they go to stderr like any command's.
 *
 * <p>Thread-safe; never blocks (the supervisor thread calls it).
 */
public final class Console {
    private final OutputSink sink;
    private final Framing framing;
    private final LogFiles.LogFile file;
    private final Framing fileFraming;

    public Console(OutputSink sink) {
        this(sink, LogStyle.plain(), null);
    }

    /** @param file {@code orchestrator.log}, or null */
    public Console(OutputSink sink, LogStyle style, LogFiles.LogFile file) {
        this.sink = sink;
        this.framing = style.consoleOurs();
        this.file = file;
        this.fileFraming = style.fileOurs();
    }

    /** Says something on stdout. */
    public void info(String message) {
        info(message, Fields.MESSAGE);
    }

    /** Says something on stdout; in JSON with {@code fields}. */
    public synchronized void info(String message, Fields fields) {
        long now = System.currentTimeMillis();
        sink.say(framing.ours(now, message, fields), false);
        if (file != null) {
            file.say(fileFraming.ours(now, message, fields));
        }
    }

    /** Says something in {@code orchestrator.log} only (when the console is gone); nothing without one. */
    public synchronized void toFile(String message) {
        if (file != null) {
            file.say(fileFraming.ours(System.currentTimeMillis(), message, Fields.MESSAGE));
        }
    }

    /** Reports a problem: on stdout as well, in order with everything else we say. */
    public void error(String message) {
        info(message);
    }

    /** {@return {@code message} as one line of ours in this console's form (for the sink's own reports)} */
    public synchronized byte[] line(String message) {
        return framing.ours(System.currentTimeMillis(), message, Fields.MESSAGE);
    }
}

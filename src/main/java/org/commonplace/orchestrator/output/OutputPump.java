package org.commonplace.orchestrator.output;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.OutputReceiver;

/**
 * Connects a child's two streams to the console, and to its log file when it has one: each stream
 * through a {@link LineSplitter} per destination, framed as the {@link LogStyle} says, and, for a
 * process with a log ready check, a listener that decodes lines (leniently, as UTF-8) only until
 * the first one matches.
 *
 * <p>The arrival time of a chunk is read once, when the I/O loop hands it over, and shared by both
 * destinations; per process it never goes back (a clock stepped back by NTP repeats the last time).
 */
public final class OutputPump {
    private static final boolean STDOUT_IS_TERMINAL = Terminal.isTerminal(1);
    private static final boolean STDERR_IS_TERMINAL = Terminal.isTerminal(2);

    private final LogStyle style;
    private final Function<String, OutputSink> console;
    private final Function<String, Optional<LogFiles.LogFile>> files;
    private final Map<String, AtomicLong> clocks = new ConcurrentHashMap<>();
    /** What all the children's unfinished lines may hold together (see {@link CarryBudget}). */
    private final CarryBudget carries = new CarryBudget(CarryBudget.RUN_BUDGET);

    /**
     * @param console the console sink for a process's lines
     * @param files   the log file of a process, if it has one
     */
    public OutputPump(LogStyle style, Function<String, OutputSink> console, Function<String, Optional<LogFiles.LogFile>> files) {
        this.style = style;
        this.console = console;
        this.files = files;
    }

    /** The {@code [name] } form to {@code sink}, no files: what the orchestrator did before styles. */
    public static CompletableFuture<Void> start(String name, Child child, OutputSink sink, Optional<Pattern> readyLine,
                                                Runnable onMatch) {
        return new OutputPump(LogStyle.plain(), n -> sink, n -> Optional.empty()).start(name, child, readyLine, onMatch);
    }

    /**
     * Starts passing the child's output on.
     *
     * @return a future completed when both streams have ended
     */
    public CompletableFuture<Void> start(String name, Child child, Optional<Pattern> readyLine, Runnable onMatch) {
        return start(name, child, readyLine, onMatch, null);
    }

    /**
     * As {@link #start(String, Child, Optional, Runnable)}, and runs {@code onChunk} (when not null) for
     * each chunk read from either stream, on the reading thread, before the chunk is passed on: the
     * silence watchdog notes the time there.
     */
    public CompletableFuture<Void> start(String name, Child child, Optional<Pattern> readyLine, Runnable onMatch,
                                         Runnable onChunk) {
        AtomicLong clock = clocks.computeIfAbsent(name, n -> new AtomicLong());
        OutputSink sink = console.apply(name);
        long pid = child.pid();
        var out = new LineSplitter(style.console(name, false, pid), clock::get, sink::out, carries);
        var err = new LineSplitter(style.console(name, true, pid), clock::get, sink::err, carries);
        boolean carriage = !style.json();
        OutputReceiver outReceiver = carriage && STDOUT_IS_TERMINAL ? new CarriageReturns(style.carriagePrefix(name, false), out) : out;
        OutputReceiver errReceiver = carriage && STDERR_IS_TERMINAL ? new CarriageReturns(style.carriagePrefix(name, true), err) : err;
        Optional<LogFiles.LogFile> file = files.apply(name);
        if (file.isPresent()) {
            LogFiles.LogFile f = file.get();
            outReceiver = new Both(outReceiver, new LineSplitter(style.file(name, false, pid), clock::get, f::write, carries));
            errReceiver = new Both(errReceiver, new LineSplitter(style.file(name, true, pid), clock::get, f::write, carries));
        }
        readyLine.ifPresent(pattern -> {
            var matched = new AtomicBoolean();
            LineSplitter.LineListener listener = (bytes, off, len) -> {
                if (matched.get()) {
                    return false;
                }
                if (pattern.matcher(new String(bytes, off, len, StandardCharsets.UTF_8)).find()
                        && matched.compareAndSet(false, true)) {
                    onMatch.run();
                    return false;
                }
                return true;
            };
            out.listen(listener);
            err.listen(listener);
        });
        return child.pipeOutput(new Arrival(clock, outReceiver, onChunk), new Arrival(clock, errReceiver, onChunk));
    }

    /**
     * Notes when each chunk arrived (epoch ms, never going back) before passing it on, and tells
     * {@code onChunk} (null: nobody) that one did.
     */
    private record Arrival(AtomicLong clock, OutputReceiver next, Runnable onChunk) implements OutputReceiver {
        @Override
        public void feed(byte[] bytes, int off, int len) {
            long now = System.currentTimeMillis();
            clock.accumulateAndGet(now, Math::max);
            if (onChunk != null) {
                onChunk.run();
            }
            next.feed(bytes, off, len);
        }

        @Override
        public void finish() {
            next.finish();
        }
    }

    /** The same chunks to two receivers: the console's splitter and the file's. */
    private record Both(OutputReceiver first, OutputReceiver second) implements OutputReceiver {
        @Override
        public void feed(byte[] bytes, int off, int len) {
            first.feed(bytes, off, len);
            second.feed(bytes, off, len);
        }

        @Override
        public void finish() {
            first.finish();
            second.finish();
        }
    }
}

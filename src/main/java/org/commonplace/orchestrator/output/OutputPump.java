package org.commonplace.orchestrator.output;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.OutputReceiver;

/**
 * Connects a child's two streams to the sink: each through a {@link LineSplitter} with the
 * {@code [name] } prefix ({@code [name]+ } for the further pieces of a line over 64 KiB), and,
 * for a process with a log ready check, a listener that decodes lines
 * (leniently, as UTF-8) only until the first one matches.
 */
public final class OutputPump {
    private static final boolean STDOUT_IS_TERMINAL = Terminal.isTerminal(1);
    private static final boolean STDERR_IS_TERMINAL = Terminal.isTerminal(2);

    private OutputPump() {
    }

    /**
     * Starts passing the child's output to the sink.
     *
     * @return a future completed when both streams have ended
     */
    public static CompletableFuture<Void> start(String name, Child child, OutputSink sink, Optional<Pattern> readyLine,
                                                Runnable onMatch) {
        byte[] prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        byte[] continuation = ("[" + name + "]+ ").getBytes(StandardCharsets.UTF_8);
        var out = new LineSplitter(prefix, continuation, sink::out);
        var err = new LineSplitter(prefix, continuation, sink::err);
        OutputReceiver outReceiver = STDOUT_IS_TERMINAL ? new CarriageReturns(prefix, out) : out;
        OutputReceiver errReceiver = STDERR_IS_TERMINAL ? new CarriageReturns(prefix, err) : err;
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
        return child.pipeOutput(outReceiver, errReceiver);
    }
}

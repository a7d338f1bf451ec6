package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Drains one child stream into the sink, prefixed, on a thread of its own, until end of stream.
 * Reads as much as is available at once (up to 64 KiB) so a flood of output is written in large
 * batches, while a single line is passed on as soon as it arrives.
 */
public final class OutputPump {
    private static final int CHUNK = 64 * 1024;

    private OutputPump() {
    }

    /**
     * Starts draining both streams of a child.
     *
     * @return a future completed when both streams have ended
     */
    public static CompletableFuture<Void> start(String name, InputStream stdout, InputStream stderr,
                                                OutputSink sink) {
        return start(name, stdout, stderr, sink, Optional.empty(), () -> { });
    }

    /**
     * Starts draining both streams of a child, and runs {@code onMatch} once when a line of either
     * first matches {@code readyLine}. Only such a process's lines are decoded (leniently, as UTF-8),
     * and only until the match.
     */
    public static CompletableFuture<Void> start(String name, InputStream stdout, InputStream stderr,
                                                OutputSink sink, Optional<Pattern> readyLine, Runnable onMatch) {
        byte[] prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        var out = new LineSplitter(prefix, sink::out);
        var err = new LineSplitter(prefix, sink::err);
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
        return CompletableFuture.allOf(drain(name + "-out", stdout, out), drain(name + "-err", stderr, err));
    }

    private static CompletableFuture<Void> drain(String threadName, InputStream in, LineSplitter splitter) {
        var done = new CompletableFuture<Void>();
        Thread.ofVirtual().name("pump-" + threadName).start(() -> {
            byte[] buffer = new byte[CHUNK];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    splitter.feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // The pipe was closed under us (the child is gone); what was read is passed on below.
            } finally {
                splitter.finish();
                done.complete(null);
            }
        });
        return done;
    }
}

package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

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
        byte[] prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        var outDone = drain(name + "-out", stdout, new LineSplitter(prefix, sink::out));
        var errDone = drain(name + "-err", stderr, new LineSplitter(prefix, sink::err));
        return CompletableFuture.allOf(outDone, errDone);
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

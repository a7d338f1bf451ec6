package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * What {@code watch} clients (and {@code top}) are sent: the process list with RSS and CPU, built once
 * for all of them. Before, each watcher, at each change, read /proc for every process and wrote the
 * list out itself: with 500 processes one {@code top} took 45 % of a CPU and ten 146 %.
 *
 * <p>Now changes that come within {@link Protocol#WATCH_GAP_MS} of the last line go out together (at
 * most one line per gap per watcher), the line is built at most once per gap whatever the number of
 * watchers, and the figures come from one {@link UsageSampler} read at most once per {@link
 * Protocol#USAGE_SAMPLE_MS}. Each watcher still has its own thread (its slot in the stream pool), which
 * only waits and writes the shared bytes, so a watcher that does not read holds only itself up.
 */
final class WatchFeed {
    /** One line for the watchers: the list at one version of the supervisor's state. */
    record Frame(long version, ArrayNode processes, byte[] line) {
    }

    private final Watchers watchers;
    private final UsageSampler usage;
    private final LongSupplier nanos;
    private final long gapNanos;
    private Frame built;
    private long builtAt;
    private long builtSample = -1;
    private long builds;

    WatchFeed(Watchers watchers, UsageSampler usage, LongSupplier nanos, long gapMs) {
        this.watchers = watchers;
        this.usage = usage;
        this.nanos = nanos;
        this.gapNanos = gapMs * 1_000_000;
    }

    /**
     * {@return the latest line} It is built again only when the last one is at least a gap old and the
     * states or the figures changed since; until then every watcher gets the same bytes.
     */
    synchronized Frame latest() {
        long now = nanos.getAsLong();
        if (built != null && now - builtAt < gapNanos) {
            return built;
        }
        Watchers.Seen seen = watchers.current();
        var figures = usage.usage(seen.processes().stream().map(ProcessSnapshot::pid).filter(pid -> pid > 0).toList());
        long sample = usage.samples();
        if (built != null && built.version() == seen.version() && builtSample == sample) {
            return built;
        }
        ArrayNode processes = ProcessList.json(seen.processes(), figures);
        ObjectNode line = Protocol.NODES.objectNode();
        line.put("v", Protocol.VERSION);
        line.set("processes", processes);
        built = new Frame(seen.version(), processes, Protocol.line(line));
        builtAt = now;
        builtSample = sample;
        builds++;
        return built;
    }

    /** {@return how many lines were built} */
    synchronized long builds() {
        return builds;
    }

    /**
     * Serves one watcher: the list now (the {@code ok} reply), then the latest line after each burst of
     * changes and every {@code intervalMs} for fresh figures; until the client leaves (a write fails) or
     * {@code closed} says the orchestrator is closing.
     */
    void serve(SocketChannel client, long intervalMs, BooleanSupplier closed) throws InterruptedException {
        Frame frame = latest();
        ObjectNode first = Protocol.reply(true);
        first.set("processes", frame.processes());
        if (!write(client, Protocol.line(first))) {
            return;
        }
        long seen = frame.version();
        long sentAt = nanos.getAsLong();
        long intervalNanos = intervalMs * 1_000_000;
        while (!closed.getAsBoolean()) {
            long wait = Math.max(1, (sentAt + intervalNanos - nanos.getAsLong()) / 1_000_000);
            boolean changed = watchers.awaitChange(seen, wait) != seen;
            if (changed) {
                // A burst of transitions (a dependency chain starting) goes out as one line.
                long quiet = (sentAt + gapNanos - nanos.getAsLong()) / 1_000_000;
                Thread.sleep(Math.max(quiet, 1));
            }
            frame = latest();
            if (changed && frame.version() == seen && nanos.getAsLong() - sentAt < intervalNanos) {
                // The shared line is not past the change yet (another watcher had it built a moment ago): it is a gap later.
                Thread.sleep(Math.max(1, gapNanos / 5_000_000));
                continue;
            }
            if (!write(client, frame.line())) {
                return;
            }
            seen = frame.version();
            sentAt = nanos.getAsLong();
        }
    }

    private static boolean write(SocketChannel client, byte[] line) {
        ByteBuffer bytes = ByteBuffer.wrap(line);
        try {
            synchronized (client) {
                while (bytes.hasRemaining()) {
                    client.write(bytes);
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

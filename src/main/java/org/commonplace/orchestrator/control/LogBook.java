package org.commonplace.orchestrator.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.commonplace.orchestrator.output.OutputSink;

/**
 * The recent output of every process, kept in memory for {@code logs}: a ring per process of at most
 * {@link #MAX_LINES} lines and {@link #MAX_BYTES} bytes (the oldest go first), fed by a tee in front of
 * the console sink. Followers ({@code logs -f}) get each new line through a bounded queue of their
 * own; when a follower's queue is full the line is dropped for it and counted, so a slow or stopped
 * reader never slows a child, the console or the supervisor.
 *
 * <p>Thread-safe: the output pumps record, connection threads read and follow.
 */
public final class LogBook {
    /** Lines kept per process. */
    public static final int MAX_LINES = 1000;
    /** Bytes kept per process (the text of the lines). */
    public static final int MAX_BYTES = 256 * 1024;
    /** Lines a follower may have waiting before lines are dropped for it. */
    static final int FOLLOW_QUEUE = 4096;

    /** One line of output, without its prefix and newline. */
    public record Line(long seq, String name, boolean err, byte[] text) {
        public String decoded() {
            return new String(text, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();

    private static final class Ring {
        private final ArrayDeque<Line> lines = new ArrayDeque<>();
        private long bytes;

        synchronized void add(Line line) {
            lines.add(line);
            bytes += line.text().length;
            while (lines.size() > MAX_LINES || (bytes > MAX_BYTES && lines.size() > 1)) {
                bytes -= lines.poll().text().length;
            }
        }

        synchronized List<Line> copy() {
            return new ArrayList<>(lines);
        }
    }

    /** A live reader of new lines. */
    public final class Follower implements AutoCloseable {
        private final Set<String> names;
        private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(FOLLOW_QUEUE);
        private final AtomicLong dropped = new AtomicLong();

        private Follower(Set<String> names) {
            this.names = names;
        }

        void offer(Line line) {
            if ((names.isEmpty() || names.contains(line.name())) && !queue.offer(line)) {
                dropped.incrementAndGet();
            }
        }

        /** {@return the next line, or null when none came within {@code ms}} */
        public Line poll(long ms) throws InterruptedException {
            return queue.poll(ms, TimeUnit.MILLISECONDS);
        }

        /** {@return how many lines were dropped for this follower since the last call} */
        public long takeDropped() {
            return dropped.getAndSet(0);
        }

        @Override
        public void close() {
            followers.remove(this);
        }
    }

    /**
     * {@return a sink that writes to {@code sink} and records each line into {@code name}'s ring}; the
     * lines it is given start with the prefix {@code [name] }, which is not recorded.
     */
    public OutputSink tee(String name, OutputSink sink) {
        byte[] prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        Ring ring = rings.computeIfAbsent(name, n -> new Ring());
        return new OutputSink() {
            @Override
            public void out(byte[] bytes, int off, int len) {
                sink.out(bytes, off, len);
                record(ring, name, prefix, false, bytes, off, len);
            }

            @Override
            public void err(byte[] bytes, int off, int len) {
                sink.err(bytes, off, len);
                record(ring, name, prefix, true, bytes, off, len);
            }

            @Override
            public void say(byte[] line, boolean toStderr) {
                sink.say(line, toStderr);
                record(ring, name, prefix, toStderr, line, 0, line.length);
            }
        };
    }

    private void record(Ring ring, String name, byte[] prefix, boolean err, byte[] bytes, int off, int len) {
        int end = off + len;
        int start = off;
        while (start < end) {
            int nl = start;
            while (nl < end && bytes[nl] != '\n') {
                nl++;
            }
            int from = startsWith(bytes, start, nl, prefix) ? start + prefix.length : start;
            byte[] text = new byte[nl - from];
            System.arraycopy(bytes, from, text, 0, text.length);
            Line line = new Line(seq.incrementAndGet(), name, err, text);
            ring.add(line);
            for (Follower f : followers) {
                f.offer(line);
            }
            start = nl + 1;
        }
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@return the last {@code n} lines of the named processes (all when empty), merged in arrival order} */
    public List<Line> tail(Collection<String> names, int n) {
        var all = new ArrayList<Line>();
        rings.forEach((name, ring) -> {
            if (names.isEmpty() || names.contains(name)) {
                all.addAll(ring.copy());
            }
        });
        all.sort(Comparator.comparingLong(Line::seq));
        return n >= all.size() ? all : new ArrayList<>(all.subList(all.size() - n, all.size()));
    }

    /** {@return a follower of the named processes' new lines (all when empty); close it when done} */
    public Follower follow(Collection<String> names) {
        var f = new Follower(Set.copyOf(names));
        followers.add(f);
        return f;
    }
}

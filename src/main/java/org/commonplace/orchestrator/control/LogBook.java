package org.commonplace.orchestrator.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The recent output of every process, kept in memory for {@code logs}: per process, its last batches
 * of lines that fit in {@link #MAX_BYTES} bytes (the oldest going first), of which
 * {@code logs} shows at most the last {@link #MAX_LINES} lines. It is fed by a tee in front of the
 * console sink, and recording is one copy per batch the I/O loop hands over (up to 64 KiB of lines)
 * into a buffer made once, not work or garbage per line: a flooding child must not pay for a ring nobody may read. Lines are cut out of
 * the batches only when they are asked for. Followers ({@code logs -f}) get each new line through a
 * bounded queue of their own (per-line work, only while someone follows); when a follower's queue is
 * full the line is dropped for it and counted, so a slow or stopped reader never slows a child, the
 * console or the supervisor.
 *
 * <p>Thread-safe: the output pumps record, connection threads read and follow.
 */
public final class LogBook {
    /** Lines shown per process at most. */
    public static final int MAX_LINES = 1000;
    /** Bytes kept per process (its output with prefixes, in whole batches of lines). */
    public static final int MAX_BYTES = 256 * 1024;
    /** Lines a follower may have waiting before lines are dropped for it. */
    static final int FOLLOW_QUEUE = 4096;
    /** A line's sequence number is its batch's number shifted by this, plus its index in the batch. */
    private static final int LINE_BITS = 20;

    /** One line of output, without its prefix and newline; {@code seq} orders lines across processes. */
    public record Line(long seq, String name, boolean err, byte[] text) {
        public String decoded() {
            return new String(text, StandardCharsets.UTF_8);
        }
    }

    /** Whole lines as the sink got them (prefixes included), numbered in arrival order. */
    private record Batch(long seq, boolean err, byte[] bytes) {
    }

    /**
     * Takes off what the console put around a line (prefix, colour, time, JSON), so that {@code logs}
     * shows the line as the process wrote it.
     */
    @FunctionalInterface
    public interface Strip {
        /** {@return the text of {@code bytes[from, to)}, one console line of {@code name} without its newline} */
        byte[] text(String name, boolean err, byte[] bytes, int from, int to);
    }

    private final Strip strip;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();

    /** A book of lines in the {@code [name] line} form. */
    public LogBook() {
        this(LogBook::stripPrefix);
    }

    /** A book of lines in another form: {@code strip} takes off what was put around each line. */
    public LogBook(Strip strip) {
        this.strip = strip;
    }

    /**
     * One process's recent output: a circular buffer of {@link #MAX_BYTES} bytes and a circular table
     * of the batches in it, both made at its first output. Recording copies the batch into the buffer and
     * writes three numbers: no allocation, so a flood makes no garbage. A batch is forgotten when its
     * bytes are overwritten or its table entry is reused.
     */
    private static final class Ring {
        private static final int MAX_BATCHES = 1024;
        // Made at the first output, not before: a process that prints nothing (500 quiet children)
        // costs an empty Ring, not 300 KiB.
        private byte[] data;
        /** Bytes ever written; a byte's place in {@code data} is its position modulo its length. */
        private long written;
        private long[] seqs;
        private long[] starts;
        private int[] lengths;
        private boolean[] errs;
        private long first;
        private long next;

        synchronized void add(long seq, boolean err, byte[] bytes, int off, int len) {
            if (len > MAX_BYTES) {
                // Only the end fits; start it at a line.
                int from = off + len - MAX_BYTES;
                while (from < off + len && bytes[from - 1] != '\n') {
                    from++;
                }
                len -= from - off;
                off = from;
            }
            if (data == null) {
                data = new byte[MAX_BYTES];
                seqs = new long[MAX_BATCHES];
                starts = new long[MAX_BATCHES];
                lengths = new int[MAX_BATCHES];
                errs = new boolean[MAX_BATCHES];
            }
            int at = (int) (written % MAX_BYTES);
            int firstPart = Math.min(len, MAX_BYTES - at);
            System.arraycopy(bytes, off, data, at, firstPart);
            System.arraycopy(bytes, off + firstPart, data, 0, len - firstPart);
            int slot = (int) (next % MAX_BATCHES);
            seqs[slot] = seq;
            starts[slot] = written;
            lengths[slot] = len;
            errs[slot] = err;
            next++;
            written += len;
            while (first < next && (next - first > MAX_BATCHES || starts[(int) (first % MAX_BATCHES)] < written - MAX_BYTES)) {
                first++;
            }
        }

        synchronized List<Batch> copy() {
            var batches = new ArrayList<Batch>((int) (next - first));
            for (long i = first; i < next; i++) {
                int slot = (int) (i % MAX_BATCHES);
                byte[] bytes = new byte[lengths[slot]];
                int at = (int) (starts[slot] % MAX_BYTES);
                int firstPart = Math.min(bytes.length, MAX_BYTES - at);
                System.arraycopy(data, at, bytes, 0, firstPart);
                System.arraycopy(data, 0, bytes, firstPart, bytes.length - firstPart);
                batches.add(new Batch(seqs[slot], errs[slot], bytes));
            }
            return batches;
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
     * {@return a sink that writes to {@code sink} and records each batch into {@code name}'s ring}; the
     * lines it is given start with the prefix {@code [name] } (or {@code [name]+ } for the further
     * pieces of a long line), which is not part of a recorded line.
     */
    public OutputSink tee(String name, OutputSink sink) {
        Ring ring = rings.computeIfAbsent(name, n -> new Ring());
        return new OutputSink() {
            @Override
            public void out(byte[] bytes, int off, int len) {
                sink.out(bytes, off, len);
                record(ring, name, false, bytes, off, len);
            }

            @Override
            public void err(byte[] bytes, int off, int len) {
                sink.err(bytes, off, len);
                record(ring, name, true, bytes, off, len);
            }

            @Override
            public void say(byte[] line, boolean toStderr) {
                sink.say(line, toStderr);
                record(ring, name, toStderr, line, 0, line.length);
            }
        };
    }

    private void record(Ring ring, String name, boolean err, byte[] bytes, int off, int len) {
        // The caller owns (and reuses) the array: one copy into the ring, and nothing per line.
        long batchSeq = seq.incrementAndGet();
        ring.add(batchSeq, err, bytes, off, len);
        if (!followers.isEmpty()) {
            List<Line> lines = lines(name, new Batch(batchSeq, err, Arrays.copyOfRange(bytes, off, off + len)));
            for (Follower f : followers) {
                lines.forEach(f::offer);
            }
        }
    }

    /** Cuts a batch into its lines, each without its prefix and newline. */
    private List<Line> lines(String name, Batch batch) {
        byte[] bytes = batch.bytes();
        var lines = new ArrayList<Line>();
        int start = 0;
        while (start < bytes.length) {
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            lines.add(new Line((batch.seq() << LINE_BITS) + lines.size(), name, batch.err(), strip.text(name, batch.err(), bytes, start, nl)));
            start = nl + 1;
        }
        return lines;
    }

    private static byte[] stripPrefix(String name, boolean err, byte[] bytes, int start, int nl) {
        byte[] prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        byte[] continued = ("[" + name + "]+ ").getBytes(StandardCharsets.UTF_8);
        int from = startsWith(bytes, start, nl, prefix) ? start + prefix.length
                : startsWith(bytes, start, nl, continued) ? start + continued.length : start;
        return Arrays.copyOfRange(bytes, from, nl);
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
                var lines = new ArrayList<Line>();
                ring.copy().forEach(batch -> lines.addAll(lines(name, batch)));
                all.addAll(lines.size() <= MAX_LINES ? lines : lines.subList(lines.size() - MAX_LINES, lines.size()));
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

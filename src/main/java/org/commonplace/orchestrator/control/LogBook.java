package org.commonplace.orchestrator.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.commonplace.orchestrator.output.OutputSink;

/**
 * The recent output of every process, kept in memory for {@code logs}: per process, a {@link LogRing}
 * of its last batches of lines (the oldest going first), of which {@code logs} shows at most the
 * last {@link #MAX_LINES} lines. The rings share one budget, {@link #BUDGET} bytes: each process
 * may keep {@link #MAX_BYTES}, or less when there are many (the budget over the number of processes,
 * rounded down to a power of two, never less than {@link #MIN_BYTES}), so 10,000 printing processes
 * hold about as much as 64 do. It is fed by a tee in front of the console sink, and recording is one
 * copy per batch the I/O loop hands over (up to 64 KiB of lines) into a buffer made once, not work or
 * garbage per line: a flooding child must not pay for a ring nobody may read. Lines are cut out of
 * the batches only when they are asked for. Followers ({@code logs -f}) get each new line through a
 * {@link LogFollower}, bounded in bytes; a slow or stopped reader loses lines (counted, and told),
 * never slows a child, the console or the supervisor, and never holds more than its budget.
 *
 * <p>Thread-safe: the output pumps record, connection threads read and follow.
 */
public final class LogBook {
    /** Lines shown per process at most. */
    public static final int MAX_LINES = 1000;
    /** Bytes kept per process at most (its output with prefixes, in whole batches of lines). */
    public static final int MAX_BYTES = 256 * 1024;
    /** Bytes kept per process at least, however many processes there are. */
    public static final int MIN_BYTES = 2 * 1024;
    /** Bytes kept for all processes together (until there are so many that each is down to {@link #MIN_BYTES}). */
    public static final int BUDGET = 16 * 1024 * 1024;
    /** Lines one {@code logs} request is given from memory at most, whatever it asks. */
    public static final int MAX_TAIL_LINES = 10_000;
    /** Bytes of line text one {@code logs} request is given from memory at most. */
    public static final int MAX_TAIL_BYTES = 2 * 1024 * 1024;
    /** Bytes waiting for all followers together; each has {@link LogFollower#BUDGET} of its own. */
    static final long FOLLOWERS_BUDGET = 8L * 1024 * 1024;
    /** A line's sequence number is its batch's number shifted by this, plus its index in the batch. */
    private static final int LINE_BITS = 20;

    /** One line of output, without its prefix and newline; {@code seq} orders lines across processes. */
    public record Line(long seq, String name, boolean err, byte[] text) implements LogFollower.Next {
        public String decoded() {
            return new String(text, StandardCharsets.UTF_8);
        }
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
    private final Map<String, LogRing> rings = new ConcurrentHashMap<>();
    /** What each ring may hold now; changes only when the number of rings crosses a power of two. */
    private volatile int share = MAX_BYTES;
    private final AtomicLong seq = new AtomicLong();
    private final List<LogFollower> followers = new CopyOnWriteArrayList<>();
    private final AtomicLong followed = new AtomicLong();

    /** A book of lines in the {@code [name] line} form. */
    public LogBook() {
        this(LogBook::stripPrefix);
    }

    /** A book of lines in another form: {@code strip} takes off what was put around each line. */
    public LogBook(Strip strip) {
        this.strip = strip;
    }

    /** {@return the bytes each process may keep when there are {@code processes}} */
    static int share(int processes) {
        int even = Integer.highestOneBit(BUDGET / Math.max(1, processes));
        return Math.clamp(even, MIN_BYTES, MAX_BYTES);
    }

    /** {@return the bytes all rings hold now (buffers and tables)} */
    long heldBytes() {
        return rings.values().stream().mapToLong(LogRing::heldBytes).sum();
    }

    /** {@return the bytes waiting for all followers now} */
    long followedBytes() {
        return followed.get();
    }

    private LogRing ring(String name) {
        LogRing ring = rings.get(name);
        if (ring != null) {
            return ring;
        }
        ring = rings.computeIfAbsent(name, n -> new LogRing());
        int now = share(rings.size());
        if (now < share) {
            synchronized (rings) {
                if (now < share) {
                    share = now;
                    // Rings that printed once and went quiet would keep their old room for ever.
                    rings.values().forEach(r -> r.shrinkTo(now));
                }
            }
        }
        return ring;
    }

    /**
     * {@return a sink that writes to {@code sink} and records each batch into {@code name}'s ring}; the
     * lines it is given start with the prefix {@code [name] } (or {@code [name]+ } for the further
     * pieces of a long line), which is not part of a recorded line.
     */
    public OutputSink tee(String name, OutputSink sink) {
        LogRing ring = ring(name);
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

    private void record(LogRing ring, String name, boolean err, byte[] bytes, int off, int len) {
        // The caller owns (and reuses) the array: one copy into the ring, and nothing per line.
        long batchSeq = seq.incrementAndGet();
        ring.add(batchSeq, err, bytes, off, len, share);
        if (!followers.isEmpty() && followed(name)) {
            List<Line> lines = lines(name, new LogRing.Batch(batchSeq, err, Arrays.copyOfRange(bytes, off, off + len)));
            for (LogFollower f : followers) {
                lines.forEach(f::offer);
            }
        }
    }

    private boolean followed(String name) {
        for (LogFollower f : followers) {
            if (f.wants(name)) {
                return true;
            }
        }
        return false;
    }

    /** Cuts a batch into its lines, each without its prefix and newline. */
    private List<Line> lines(String name, LogRing.Batch batch) {
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

    /**
     * {@return the last {@code n} lines of the named processes (all when empty), merged in arrival
     * order}: at most {@link #MAX_LINES} of each process, {@link #MAX_TAIL_LINES} in all and
     * {@link #MAX_TAIL_BYTES} of text, however many are asked for; gathered one ring at a time, so
     * a request holds no more than that and one ring's copy.
     */
    public List<Line> tail(Collection<String> names, int n) {
        int wanted = Math.min(n, MAX_TAIL_LINES);
        var newest = new PriorityQueue<Line>(Comparator.comparingLong(Line::seq));
        long[] bytes = {0};
        rings.forEach((name, ring) -> {
            if (wanted > 0 && (names.isEmpty() || names.contains(name))) {
                var lines = new ArrayList<Line>();
                ring.copy().forEach(batch -> lines.addAll(lines(name, batch)));
                for (Line line : lines.size() <= MAX_LINES ? lines : lines.subList(lines.size() - MAX_LINES, lines.size())) {
                    newest.add(line);
                    bytes[0] += line.text().length;
                    while (newest.size() > wanted || bytes[0] > MAX_TAIL_BYTES) {
                        bytes[0] -= newest.poll().text().length;
                    }
                }
            }
        });
        var all = new ArrayList<>(newest);
        all.sort(Comparator.comparingLong(Line::seq));
        return all;
    }

    /** {@return a mark of what is recorded so far: a line recorded later is not {@link #lastOf} up to it} */
    public long mark() {
        return seq.get();
    }

    /**
     * {@return the last {@code n} lines of {@code name} recorded up to {@code mark}, oldest first} (at
     * most {@link #MAX_LINES}): what a process wrote before a moment, without what its next run wrote since.
     */
    public List<Line> lastOf(String name, int n, long mark) {
        LogRing ring = rings.get(name);
        if (ring == null || n <= 0) {
            return List.of();
        }
        var lines = new ArrayList<Line>();
        for (LogRing.Batch batch : ring.copy()) {
            if (batch.seq() <= mark) {
                lines.addAll(lines(name, batch));
            }
        }
        int keep = Math.min(n, MAX_LINES);
        return lines.size() <= keep ? lines : List.copyOf(lines.subList(lines.size() - keep, lines.size()));
    }

    /** {@return a follower of the named processes' new lines (all when empty); close it when done} */
    public LogFollower follow(Collection<String> names) {
        var holder = new LogFollower[1];
        var f = new LogFollower(Set.copyOf(names), followed, FOLLOWERS_BUDGET, () -> followers.remove(holder[0]));
        holder[0] = f;
        followers.add(f);
        return f;
    }
}

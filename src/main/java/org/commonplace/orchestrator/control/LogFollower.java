package org.commonplace.orchestrator.control;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live reader of new lines ({@code logs -f}): a queue bounded in bytes, {@link #BUDGET} of its own
 * and no more than the followers' {@code shared} total leaves. A line that does not fit is dropped
 * for this reader and counted; once the reader has taken half of what waited, one {@link Gap}
 * saying how many were lost goes in the queue where they would have been, and lines are taken
 * again (or, when the reader has taken everything and no line came since, it is given the gap).
 * So a reader that stops (a paused pager, a client that never reads) holds at most its budget,
 * never slows the output pumps, and hears of a loss once per stretch of losses.
 *
 * <p>Thread-safe: output pumps offer, the reader's connection thread polls.
 */
public final class LogFollower implements AutoCloseable {
    /** Bytes one reader may have waiting. */
    public static final int BUDGET = 1024 * 1024;
    /**
     * How long a write to a reader may wait (its socket full: it has read nothing for that long)
     * before the reader is dropped, so that it holds no thread of ours for ever.
     */
    public static final long STALL_MS = 60_000;
    /** What a line costs on top of its text: the record, its array's header, the queue's slot. */
    static final int LINE_OVERHEAD = 64;

    /** What a reader is given: a line, or how many lines it lost at this point. */
    public sealed interface Next permits LogBook.Line, Gap {
    }

    /** {@code lines} lines were dropped here: this reader did not take them in time. */
    public record Gap(long lines) implements Next {
    }

    private final Set<String> names;
    private final AtomicLong shared;
    private final long sharedLimit;
    private final Runnable onClose;
    private final ArrayDeque<Next> queue = new ArrayDeque<>();
    private long queued;
    private long dropped;
    private boolean closed;

    /**
     * @param names       the processes followed; all when empty
     * @param shared      bytes waiting for all followers together
     * @param sharedLimit the most that may wait for all followers together
     * @param onClose     forgets the follower in its book
     */
    LogFollower(Set<String> names, AtomicLong shared, long sharedLimit, Runnable onClose) {
        this.names = names;
        this.shared = shared;
        this.sharedLimit = sharedLimit;
        this.onClose = onClose;
    }

    /** {@return whether it follows {@code name}} */
    boolean wants(String name) {
        return names.isEmpty() || names.contains(name);
    }

    /** Queues the line, or drops it when this reader or all of them together have no room. */
    synchronized void offer(LogBook.Line line) {
        if (closed || !wants(line.name())) {
            return;
        }
        long cost = line.text().length + LINE_OVERHEAD;
        // After a loss, lines are taken again only once the reader has made room for more than a
        // trickle: one gap per stretch of losses, not one per line.
        boolean room = queued + cost <= BUDGET && (dropped == 0 || queued <= BUDGET / 2);
        if (room && shared.addAndGet(cost) > sharedLimit) {
            shared.addAndGet(-cost);
            room = false;
        }
        if (!room) {
            dropped++;
            return;
        }
        if (dropped > 0) {
            // Only in front of a line: gaps never outnumber the lines, which are bounded.
            queue.add(new Gap(dropped));
            dropped = 0;
        }
        queue.add(line);
        queued += cost;
        notifyAll();
    }

    /** {@return the next line or gap, or null when none came within {@code ms}} */
    public synchronized Next poll(long ms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left;
        while (queue.isEmpty() && !closed && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        Next next = queue.poll();
        if (next == null && dropped > 0) {
            // Everything that waited is taken and what was lost came after it: say so now, not
            // only when a next line comes (a flood that ended may be followed by none).
            next = new Gap(dropped);
            dropped = 0;
        }
        if (next instanceof LogBook.Line line) {
            long cost = line.text().length + LINE_OVERHEAD;
            queued -= cost;
            shared.addAndGet(-cost);
        }
        return next;
    }

    /** {@return the bytes waiting for this reader} */
    synchronized long queuedBytes() {
        return queued;
    }

    @Override
    public void close() {
        onClose.run();
        synchronized (this) {
            closed = true;
            shared.addAndGet(-queued);
            queued = 0;
            queue.clear();
            notifyAll();
        }
    }
}

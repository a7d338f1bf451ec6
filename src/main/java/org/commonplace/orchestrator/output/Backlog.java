package org.commonplace.orchestrator.output;

import java.util.ArrayDeque;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The backlog policy of our writers (the terminal's streams, {@link StreamWriter}; the log files,
 * {@link LogFiles}): what producers hand over is queued for the one thread that writes, so no I/O loop,
 * pump or supervisor thread ever waits on a terminal or a disk itself; and the queue is bounded.
 *
 * <p>While the destination is slow but moving, a producer that may wait waits for room (at most
 * {@link #LIMIT_BYTES} queued): a child that floods a slow terminal is slowed down and nothing is
 * lost. When the destination has made no progress for {@link #STUCK_NANOS} (a pager that stopped
 * reading, a hung disk), or the producer may not wait (a line of ours), what finds no room is dropped,
 * and the caller counts it. An idle destination is not a stuck one: its second starts when something
 * is queued, not at its last write. Once {@link #close closed} (the reader is gone for good) everything
 * is let go and nothing more queued.
 *
 * <p>The writer takes the oldest item with {@link #next} and says {@link #written} when it is done with
 * it; the item counts until then, so {@link #drain} waits for the write under way too.
 *
 * @param <T> what is queued: the bytes, and for the log files which file they go to
 */
final class Backlog<T> {
    /** What may wait to be written, in bytes. */
    static final long LIMIT_BYTES = 8L << 20;
    /** How long without progress makes a destination stuck. */
    static final long STUCK_NANOS = 1_000_000_000L;

    private record Entry<T>(T item, int bytes) {
    }

    private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
    /** The destination's clock (System::nanoTime; a hand-moved one in tests) for "no progress for a second". */
    private final LongSupplier nanos;
    private long queuedBytes;
    /** When the destination last made progress, or when something was queued while it had nothing to do. */
    private long lastProgress;
    private boolean closed;

    Backlog(LongSupplier nanos) {
        this.nanos = nanos;
        this.lastProgress = nanos.getAsLong();
    }

    /**
     * Queues a copy of {@code bytes[off, off+len)}, made into an item by {@code wrap}.
     *
     * @param mayWait whether the caller may wait for room while the destination is moving
     * @return false when it was dropped for want of room (the caller counts its lines); true when it
     *         was queued, or let go because the backlog is closed (nobody will read it: nothing to count)
     */
    synchronized boolean offer(byte[] bytes, int off, int len, boolean mayWait, Function<byte[], T> wrap) {
        while (!closed && queuedBytes + len > LIMIT_BYTES && queuedBytes > 0) {
            long stuckFor = nanos.getAsLong() - lastProgress;
            if (!mayWait || stuckFor >= STUCK_NANOS) {
                return false;
            }
            try {
                wait(Math.max(1, (STUCK_NANOS - stuckFor) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (closed) {
            return true;
        }
        if (queue.isEmpty()) {
            lastProgress = nanos.getAsLong();
        }
        byte[] copy = new byte[len];
        System.arraycopy(bytes, off, copy, 0, len);
        queue.add(new Entry<>(wrap.apply(copy), len));
        queuedBytes += len;
        notifyAll();
        return true;
    }

    /** Queues {@code item}, which carries no bytes of output (a request to the writer), whatever the room. */
    synchronized void add(T item) {
        if (!closed) {
            queue.add(new Entry<>(item, 0));
            notifyAll();
        }
    }

    /** {@return the oldest item, waiting for one; it stays queued until {@link #written}} */
    synchronized T next() throws InterruptedException {
        while (queue.isEmpty()) {
            wait();
        }
        return queue.peek().item();
    }

    /** The item {@link #next} gave has been written (or failed): its room is free, and the destination moved. */
    synchronized void written() {
        Entry<T> done = queue.poll();
        if (done != null) {
            queuedBytes -= done.bytes();
        }
        lastProgress = nanos.getAsLong();
        notifyAll();
    }

    /** The destination is gone for good: what waits is let go, and nothing is queued from now on. */
    synchronized void close() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        notifyAll();
    }

    /** {@return whether something waits to be written and the destination has made no progress for a second} */
    synchronized boolean stuck() {
        return queuedBytes > 0 && nanos.getAsLong() - lastProgress >= STUCK_NANOS;
    }

    /**
     * Waits until everything queued so far has been written, at most {@code ms}; returns at once when
     * the backlog is closed or stuck, as waiting would not help.
     */
    synchronized void drain(long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (!closed && queuedBytes > 0 && !stuck()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** {@return the lines in {@code bytes[off, off+len)}: what is counted when they are dropped or lost} */
    static long lines(byte[] bytes, int off, int len) {
        long n = 0;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}

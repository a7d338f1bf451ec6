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
 * <p>A backlog made {@link #recycling} takes the arrays of big items back when they are written, and
 * copies the next big items into them: while a flood keeps the queue full, its copies outlive a young
 * collection, and each one was copied again by the collector into the old generation (half as much
 * CPU as the cutting of the lines itself, and the heap grew to 85 MB for 78 MB passed on). The spare
 * arrays are let go as soon as the queue is empty, so a quiet run holds none. What counts against
 * {@link #LIMIT_BYTES} is the length of the arrays, not of the bytes in them.
 *
 * @param <T> what is queued: the bytes, and for the log files which file they go to
 */
final class Backlog<T> {
    /** What may wait to be written, in bytes. */
    static final long LIMIT_BYTES = 8L << 20;
    /** How long without progress makes a destination stuck. */
    static final long STUCK_NANOS = 1_000_000_000L;

    /** Copies of at least this many bytes go into arrays the writer gave back (rounded up to a multiple of it). */
    static final int RECYCLED_MIN = 16 * 1024;

    /** What a copy becomes in the queue; {@code len} bytes of {@code copy} are the item's. */
    @FunctionalInterface
    interface Wrap<T> {
        T wrap(byte[] copy, int len);
    }

    private record Entry<T>(T item, byte[] copy, int bytes) {
    }

    private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
    /** The destination's clock (System::nanoTime; a hand-moved one in tests) for "no progress for a second". */
    private final LongSupplier nanos;
    private final boolean recycling;
    /** Arrays of written items, for the next big copies; only when {@link #recycling}. */
    private final ArrayDeque<byte[]> spares = new ArrayDeque<>();
    /** What the spare arrays hold: with the queue, never more than {@link #LIMIT_BYTES}. */
    private long spareBytes;
    private long queuedBytes;
    /** When the destination last made progress, or when something was queued while it had nothing to do. */
    private long lastProgress;
    private boolean closed;

    Backlog(LongSupplier nanos) {
        this(nanos, false);
    }

    /** @param recycling whether big items' arrays are reused (then a copy may be longer than its bytes) */
    Backlog(LongSupplier nanos, boolean recycling) {
        this.nanos = nanos;
        this.lastProgress = nanos.getAsLong();
        this.recycling = recycling;
    }

    /** As {@link #offer(byte[], int, int, boolean, Wrap)}, for a backlog that does not recycle: the copy is exactly the bytes. */
    synchronized boolean offer(byte[] bytes, int off, int len, boolean mayWait, Function<byte[], T> wrap) {
        return offer(bytes, off, len, mayWait, (copy, n) -> wrap.apply(copy));
    }

    /**
     * Queues a copy of {@code bytes[off, off+len)}, made into an item by {@code wrap}.
     *
     * @param mayWait whether the caller may wait for room while the destination is moving
     * @return false when it was dropped for want of room (the caller counts its lines); true when it
     *         was queued, or let go because the backlog is closed (nobody will read it: nothing to count)
     */
    synchronized boolean offer(byte[] bytes, int off, int len, boolean mayWait, Wrap<T> wrap) {
        boolean recycled = recycling && len >= RECYCLED_MIN;
        int size = recycled ? roundUp(len) : len;
        while (!closed && queuedBytes + size > LIMIT_BYTES && queuedBytes > 0) {
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
        byte[] copy = recycled ? spare(size) : new byte[len];
        System.arraycopy(bytes, off, copy, 0, len);
        queue.add(new Entry<>(wrap.wrap(copy, len), copy, copy.length));
        queuedBytes += copy.length;
        notifyAll();
        return true;
    }

    /** {@return a spare array of at least {@code size} bytes, or a new one of exactly that} */
    private byte[] spare(int size) {
        byte[] spare = spares.poll();
        spareBytes -= spare == null ? 0 : spare.length;
        return spare != null && spare.length >= size ? spare : new byte[size];
    }

    private static int roundUp(int len) {
        return (int) Math.min(Integer.MAX_VALUE - 8, (len + RECYCLED_MIN - 1L) / RECYCLED_MIN * RECYCLED_MIN);
    }

    /** Queues {@code item}, which carries no bytes of output (a request to the writer), whatever the room. */
    synchronized void add(T item) {
        if (!closed) {
            queue.add(new Entry<>(item, null, 0));
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
            if (recycling && done.copy() != null && done.copy().length >= RECYCLED_MIN
                    && queuedBytes + spareBytes + done.copy().length <= LIMIT_BYTES) {
                spares.push(done.copy());
                spareBytes += done.copy().length;
            }
        }
        if (queue.isEmpty()) {
            // The destination keeps up: copies die young, and a quiet run holds nothing.
            spares.clear();
            spareBytes = 0;
        }
        lastProgress = nanos.getAsLong();
        notifyAll();
    }

    /** The destination is gone for good: what waits is let go, and nothing is queued from now on. */
    synchronized void close() {
        closed = true;
        queue.clear();
        spares.clear();
        spareBytes = 0;
        queuedBytes = 0;
        notifyAll();
    }

    /** {@return whether more waits than the item being written: the destination is behind} */
    synchronized boolean behind() {
        return queue.size() > 1;
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

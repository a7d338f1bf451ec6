package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Writes batches of whole lines to one of our streams on a thread of its own, so that no pump and
 * no supervisor thread ever blocks on the terminal.
 *
 * <p>Backpressure without hanging: while the destination is slow but moving, a producer waits for
 * room (a child that floods a slow terminal is slowed down, and nothing is lost). When the destination
 * makes no progress for {@link #STUCK_NANOS} (a pager that stopped reading) or is gone (a pager that
 * quit: EPIPE), batches are dropped and counted instead, so the children and the supervisor carry on;
 * the count is reported on the stream as soon as it moves again.
 */
final class StreamWriter {
    static final long STUCK_NANOS = 1_000_000_000L;
    private static final long LIMIT_BYTES = 8L << 20;

    private final OutputStream out;
    private final String name;
    private final LongSupplier nanoTime;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** When the writer last finished a write, or took work after being idle: "stuck" is measured from here. */
    private long lastProgress;
    private long droppedLines;
    private boolean gone;

    StreamWriter(OutputStream out, String name) {
        this(out, name, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock that tells a stuck destination; tests pass a fake */
    StreamWriter(OutputStream out, String name, LongSupplier nanoTime) {
        this.out = out;
        this.name = name;
        this.nanoTime = nanoTime;
        this.lastProgress = nanoTime.getAsLong();
        Thread.ofPlatform().daemon().name("write-" + name).stackSize(256 * 1024).start(this::writeForever);
    }

    /**
     * Queues a copy of {@code bytes[off, off+len)}.
     *
     * @param mayWait whether the caller may wait for room while the destination is moving
     */
    synchronized void offer(byte[] bytes, int off, int len, boolean mayWait) {
        while (!gone && queuedBytes + len > LIMIT_BYTES && queuedBytes > 0) {
            long stuckFor = nanoTime.getAsLong() - lastProgress;
            if (!mayWait || stuckFor >= STUCK_NANOS) {
                droppedLines += countLines(bytes, off, len);
                return;
            }
            try {
                wait(Math.max(1, (STUCK_NANOS - stuckFor) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (gone) {
            return;
        }
        if (queuedBytes == 0) {
            // An idle stream is not a stuck one: without this, the first line after a quiet second
            // looked stuck, and drain() let the JVM exit before it was written.
            lastProgress = nanoTime.getAsLong();
        }
        byte[] copy = new byte[len];
        System.arraycopy(bytes, off, copy, 0, len);
        queue.add(copy);
        queuedBytes += len;
        notifyAll();
    }

    /**
     * Waits until everything queued so far has been written, at most {@code ms}; returns at once when
     * the stream is gone or stuck (no progress for a second), as waiting would not help.
     */
    synchronized void drain(long ms) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + ms * 1_000_000;
        while (!gone && queuedBytes > 0 && nanoTime.getAsLong() - lastProgress < STUCK_NANOS) {
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private void writeForever() {
        while (true) {
            byte[] next;
            long dropped;
            synchronized (this) {
                while (queue.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next = queue.peek();
                dropped = droppedLines;
                droppedLines = 0;
            }
            try {
                if (dropped > 0) {
                    out.write(("[orchestrator] " + dropped + " lines were dropped: " + name
                            + " did not take them for a second\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write(next);
            } catch (IOException e) {
                synchronized (this) {
                    gone = true;
                    queue.clear();
                    queuedBytes = 0;
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                queue.poll();
                queuedBytes -= next.length;
                lastProgress = nanoTime.getAsLong();
                notifyAll();
            }
        }
    }

    private static long countLines(byte[] bytes, int off, int len) {
        long n = 0;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}

package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
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
 *
 * <p>A destination that refuses a write but may take the next one (a full disk: ENOSPC; EIO, EDQUOT)
 * is not gone: that batch is dropped, the failure is reported once through {@code report} (on the
 * other stream, which may still work) and every later batch is tried again; when one is written, that
 * is reported too, with the number of lines lost in between. A reader that is gone for good (EPIPE,
 * a closed descriptor) is not worth a word: a closed stdout is how a pipeline ends.
 */
final class StreamWriter {
    static final long STUCK_NANOS = 1_000_000_000L;
    private static final long LIMIT_BYTES = 8L << 20;

    private final OutputStream out;
    private final String name;
    private final Consumer<String> report;
    /** Makes a line of ours (for the count of dropped lines, written on this stream itself). */
    private final Function<String, byte[]> voice;
    /** Told once when the reader is gone for good (a closed pipe), so that what still works can say so. */
    private volatile Runnable onGone = () -> { };
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** The stream's clock (System::nanoTime; a hand-moved one in tests) for "no progress for a second". */
    private final LongSupplier nanos;
    /** When the stream last made progress, or when something was queued while it had nothing to do. */
    private long lastProgress;
    private long droppedLines;
    private boolean gone;
    /** Whether the last write failed (and was reported); only the writer thread uses it. */
    private boolean failing;
    /** Lines lost since writes began to fail; only the writer thread uses it. */
    private long lostWhileFailing;

    /**
     * @param report says one line of ours somewhere else (without prefix or newline) when writes begin
     *               to fail and when they work again; called on the writer thread, must not block
     */
    StreamWriter(OutputStream out, String name, Consumer<String> report) {
        this(out, name, report, System::nanoTime);
    }

    StreamWriter(OutputStream out, String name, Consumer<String> report, Function<String, byte[]> voice) {
        this(out, name, report, System::nanoTime, voice);
    }

    StreamWriter(OutputStream out, String name, Consumer<String> report, LongSupplier nanos) {
        this(out, name, report, nanos, m -> ("[orchestrator] " + m + "\n").getBytes(StandardCharsets.UTF_8));
    }

    StreamWriter(OutputStream out, String name, Consumer<String> report, LongSupplier nanos, Function<String, byte[]> voice) {
        this.voice = voice;
        this.nanos = nanos;
        this.lastProgress = nanos.getAsLong();
        this.out = out;
        this.name = name;
        this.report = report;
        Thread.ofPlatform().daemon().name("write-" + name).stackSize(256 * 1024).start(this::writeForever);
    }

    /** {@code whenGone} runs once, on the writer thread, when the reader is gone for good. */
    void onGone(Runnable whenGone) {
        this.onGone = whenGone;
    }

    /**
     * Queues a copy of {@code bytes[off, off+len)}.
     *
     * @param mayWait whether the caller may wait for room while the destination is moving
     */
    synchronized void offer(byte[] bytes, int off, int len, boolean mayWait) {
        while (!gone && queuedBytes + len > LIMIT_BYTES && queuedBytes > 0) {
            long stuckFor = nanos.getAsLong() - lastProgress;
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
        if (queue.isEmpty()) {
            // An idle stream is not a stuck one: its second starts now, not at its last write (else
            // the error line written after a quiet second was dropped by drain() at exit).
            lastProgress = nanos.getAsLong();
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
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (!gone && queuedBytes > 0 && !stuck()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** {@return whether something waits to be written and the stream has made no progress for a second} */
    synchronized boolean stuck() {
        return queuedBytes > 0 && nanos.getAsLong() - lastProgress >= STUCK_NANOS;
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
                    out.write(voice.apply(dropped + " lines were dropped: " + name + " did not take them for a second"));
                }
                out.write(next);
                if (failing) {
                    failing = false;
                    report.accept(name + " can be written again; " + lostWhileFailing + " lines were lost while it could not");
                }
            } catch (IOException e) {
                if (readerIsGone(e)) {
                    synchronized (this) {
                        gone = true;
                        queue.clear();
                        queuedBytes = 0;
                        notifyAll();
                    }
                    onGone.run();
                    return;
                }
                if (!failing) {
                    failing = true;
                    lostWhileFailing = 0;
                    report.accept("cannot write to " + name + ": " + e.getMessage()
                            + "; its lines are lost until it can be written again");
                }
                lostWhileFailing += countLines(next, 0, next.length);
            }
            synchronized (this) {
                queue.poll();
                queuedBytes -= next.length;
                lastProgress = nanos.getAsLong();
                notifyAll();
            }
        }
    }

    /** EPIPE and EBADF: nobody will ever read what we write (the JDK gives only strerror's text). */
    private static boolean readerIsGone(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("broken pipe") || message.contains("bad file descriptor") || message.contains("stream closed");
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

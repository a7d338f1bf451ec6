package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Writes batches of whole lines to one of our streams on a thread of its own, so that no pump and
 * no supervisor thread ever blocks on the terminal.
 *
 * <p>Backpressure without hanging, as {@link Backlog} says for all our writers: a producer waits for
 * room while the destination is slow but moving; when it makes no progress for {@link #STUCK_NANOS} (a
 * pager that stopped reading) or is gone (a pager that quit: EPIPE), batches are dropped and counted
 * instead, so the children and the supervisor carry on; the count is reported on the stream as soon
 * as it moves again.
 *
 * <p>A destination that refuses a write but may take the next one (a full disk: ENOSPC; EIO, EDQUOT)
 * is not gone: that batch is dropped, the failure is reported once through {@code report} (on the
 * other stream, which may still work) and every later batch is tried again; when one is written, that
 * is reported too, with the number of lines lost in between. A reader that is gone for good (EPIPE,
 * a closed descriptor) is not worth a word: a closed stdout is how a pipeline ends.
 */
final class StreamWriter {
    static final long STUCK_NANOS = Backlog.STUCK_NANOS;

    private final OutputStream out;
    private final String name;
    private final Consumer<String> report;
    /** Makes a line of ours (for the count of dropped lines, written on this stream itself). */
    private final Function<String, byte[]> voice;
    /** Run once, on the writer thread, the first time a write leaves more waiting: the reader is behind. */
    private volatile Runnable whenBehind;
    private boolean behindSeen;
    /** Told once when the reader is gone for good (a closed pipe), so that what still works can say so. */
    private volatile Runnable onGone = () -> { };
    /** What waits to be written: {@code len} bytes of {@code bytes} (an array the backlog may reuse once written). */
    private record Slice(byte[] bytes, int len) {
    }

    private final Backlog<Slice> backlog;
    /** Lines dropped for want of room since the writer last said how many. */
    private final AtomicLong droppedLines = new AtomicLong();
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
        this.backlog = new Backlog<>(nanos, true);
        this.out = out;
        this.name = name;
        this.report = report;
        Thread.ofPlatform().daemon().name("write-" + name).stackSize(256 * 1024).start(this::writeForever);
    }

    /** {@code whenGone} runs once, on the writer thread, when the reader is gone for good. */
    void onGone(Runnable whenGone) {
        this.onGone = whenGone;
    }

    /** {@code behind} runs once, on the writer thread, when a write first leaves more waiting (a flood). */
    void whenBehind(Runnable behind) {
        this.whenBehind = behind;
    }

    /**
     * Queues a copy of {@code bytes[off, off+len)}.
     *
     * @param mayWait whether the caller may wait for room while the destination is moving
     */
    void offer(byte[] bytes, int off, int len, boolean mayWait) {
        if (!backlog.offer(bytes, off, len, mayWait, Slice::new)) {
            droppedLines.addAndGet(Backlog.lines(bytes, off, len));
        }
    }

    /**
     * Waits until everything queued so far has been written, at most {@code ms}; returns at once when
     * the stream is gone or stuck (no progress for a second), as waiting would not help.
     */
    void drain(long ms) throws InterruptedException {
        backlog.drain(ms);
    }

    /** {@return whether something waits to be written and the stream has made no progress for a second} */
    boolean stuck() {
        return backlog.stuck();
    }

    private void writeForever() {
        while (true) {
            Slice next;
            try {
                next = backlog.next();
            } catch (InterruptedException e) {
                return;
            }
            long dropped = droppedLines.getAndSet(0);
            try {
                if (dropped > 0) {
                    out.write(voice.apply(dropped + " lines were dropped: " + name + " did not take them for a second"));
                }
                out.write(next.bytes(), 0, next.len());
                if (!behindSeen && whenBehind != null && backlog.behind()) {
                    behindSeen = true;
                    whenBehind.run();
                }
                if (failing) {
                    failing = false;
                    report.accept(name + " can be written again; " + lostWhileFailing + " lines were lost while it could not");
                }
            } catch (IOException e) {
                if (readerIsGone(e)) {
                    backlog.close();
                    onGone.run();
                    return;
                }
                if (!failing) {
                    failing = true;
                    lostWhileFailing = 0;
                    report.accept("cannot write to " + name + ": " + e.getMessage()
                            + "; its lines are lost until it can be written again");
                }
                lostWhileFailing += Backlog.lines(next.bytes(), 0, next.len());
            }
            backlog.written();
        }
    }

    /** EPIPE and EBADF: nobody will ever read what we write (the JDK gives only strerror's text). */
    private static boolean readerIsGone(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("broken pipe") || message.contains("bad file descriptor") || message.contains("stream closed");
    }
}

package org.commonplace.orchestrator.output;

import java.util.Arrays;
import java.util.function.LongSupplier;
import org.commonplace.orchestrator.spawn.OutputReceiver;

/**
 * Turns a stream of byte chunks into prefixed lines: each complete line of a chunk is copied, with
 * the prefix before it, into one batch; a line cut by the chunk's end waits in a carry buffer for
 * the rest. At the end of the stream a last line without a newline gets one.
 *
 * <p>A line longer than {@link #MAX_PIECE} bytes (not counting its newline) is written in pieces of
 * exactly {@code MAX_PIECE} bytes, the last one shorter: the first with the prefix, every further one
 * with the continuation prefix ({@code [name]+ }), each ending with a newline of ours. The cuts depend
 * only on the line, never on how the pipe's reads happened to chunk it, so a script can join the
 * pieces back: a continuation piece goes on the end of the last line of the same name and stream.
 * (Without a limit a child that never writes a newline would make the carry grow without bound.)
 * The one exception is memory: what the carries of a run hold beyond a small one each comes from a
 * shared {@link CarryBudget}, and when that is spent a line is cut where its bytes have come to.
 *
 * <p>Not thread-safe: one splitter per stream, used by that stream's pump only. The batch array is
 * reused: the consumer must be done with it when it returns. It is the feeding thread's
 * {@link LineBatch}, lent for one {@link #feed}. JSON objects are written by {@link JsonPieces}.
 */
public final class LineSplitter implements OutputReceiver {
    /** The longest piece of a line that is written as one line: 64 KiB. Documented in the README. */
    public static final int MAX_PIECE = 64 * 1024;

    /** Receives a batch of whole prefixed lines. */
    @FunctionalInterface
    public interface BatchConsumer {
        void accept(byte[] bytes, int off, int len);
    }

    /** Hears each complete line's bytes (without prefix and newline) while it wants more; a long line piece by piece. */
    @FunctionalInterface
    public interface LineListener {
        /** @return false once it has heard enough: it is not called again */
        boolean line(byte[] bytes, int off, int len);
    }

    private static final byte[] NOTHING = new byte[0];

    private final Framing framing;
    /** When the bytes being fed arrived (epoch ms; the I/O loop's hand-off), read once per chunk. */
    private final LongSupplier arrival;
    private final BatchConsumer consumer;
    private final CarryBudget budget;
    /** The arrival of the chunk being fed, and of the first bytes of the carried line. */
    private long chunkMillis;
    private long carryMillis;
    /** JSON only: the raw bytes of a line whose start was carried. */
    private byte[] scratch = new byte[0];
    private LineListener listener;
    /**
     * The start of the current line not written yet; never more than MAX_PIECE bytes. Made at the
     * first output, not before: 2,000 quiet children held 16 KiB each in it and the batch.
     */
    private byte[] carry = NOTHING;
    private int carryLen;
    /** Whether pieces of the current line were written already, so the next one is a continuation. */
    private boolean continuing;
    /** The batch being built: the feeding thread's, for one feed; null between feeds. */
    private LineBatch batch;

    /**
     * @param prefix             put before every line and before the first piece of a long one ({@code [name] })
     * @param continuationPrefix put before every further piece of a long line ({@code [name]+ })
     */
    public LineSplitter(byte[] prefix, byte[] continuationPrefix, BatchConsumer consumer) {
        this(Framing.text(prefix.clone(), continuationPrefix.clone()), () -> 0, consumer);
    }

    /**
     * @param framing what goes before (and for JSON around) each line
     * @param arrival when the chunk being fed was read (asked once per chunk, only when the framing shows time)
     */
    public LineSplitter(Framing framing, LongSupplier arrival, BatchConsumer consumer) {
        this(framing, arrival, consumer, CarryBudget.unlimited());
    }

    /**
     * @param budget what this splitter may hold of an unfinished line beyond a small carry, shared
     *               with the other splitters of the run; when it is spent the line is cut earlier
     */
    public LineSplitter(Framing framing, LongSupplier arrival, BatchConsumer consumer, CarryBudget budget) {
        this.framing = framing;
        this.arrival = arrival;
        this.consumer = consumer;
        this.budget = budget;
    }

    /** Lets {@code listener} see every complete line until it says it has heard enough. */
    public LineSplitter listen(LineListener listener) {
        this.listener = listener;
        return this;
    }

    /** Takes the next chunk of the stream and passes on every line (or piece) it completes, as one batch. */
    @Override
    public void feed(byte[] chunk, int off, int len) {
        batch = LineBatch.borrow();
        if (framing.timed()) {
            chunkMillis = arrival.getAsLong();
            if (carryLen == 0) {
                carryMillis = chunkMillis;
            }
        }
        int end = off + len;
        int lineStart = off;
        if (framing.json()) {
            feedJson(chunk, off, end);
            return;
        }
        for (int nl; (nl = Scan.newline(chunk, lineStart, end)) >= 0; lineStart = nl + 1) {
            if (simple(nl - lineStart)) {
                appendLine(chunk, lineStart, nl - lineStart + 1);
            } else {
                take(chunk, lineStart, nl - lineStart, true, false);
            }
        }
        if (lineStart < end) {
            take(chunk, lineStart, end - lineStart, false, false);
        }
        flushBatch();
    }

    /**
     * The same for JSON, in one pass that also notes whether a line holds anything to escape: most
     * do not, and are copied as they are (a second pass over every byte cost a third of the speed).
     */
    private void feedJson(byte[] chunk, int off, int end) {
        int lineStart = off;
        while (lineStart < end) {
            int at = Scan.special(chunk, lineStart, end);
            boolean plain = at >= 0 && chunk[at] == '\n';
            int nl = plain ? at : at < 0 ? -1 : Scan.newline(chunk, at, end);
            if (nl < 0) {
                break;
            }
            if (plain && simple(nl - lineStart)) {
                appendJsonLine(chunk, lineStart, nl - lineStart);
            } else {
                take(chunk, lineStart, nl - lineStart, true, plain);
            }
            lineStart = nl + 1;
        }
        if (lineStart < end) {
            take(chunk, lineStart, end - lineStart, false, false);
        }
        flushBatch();
    }

    /** Ends the stream: a pending partial line is passed on with a newline added. */
    @Override
    public void finish() {
        if (carryLen > 0) {
            batch = LineBatch.borrow();
            emit(new byte[0], 0, 0, true, false);
            flushBatch();
        }
    }

    /**
     * {@return whether a whole line of {@code len} bytes in the chunk is the common case}: nothing of
     * it carried from the last chunk, no piece of it written, not longer than a piece, nobody
     * listening. Then {@link #appendLine} (or {@link #appendJsonLine}) writes it with two copies and
     * no more: a flood is mostly such lines, and each call and test per line showed in its cost.
     */
    private boolean simple(int len) {
        return carryLen == 0 && !continuing && len <= MAX_PIECE && listener == null;
    }

    /** Appends the head and {@code src[off, off+lenWithNewline)}, a whole line with its newline. */
    private void appendLine(byte[] src, int off, int lenWithNewline) {
        byte[] head = framing.head(chunkMillis, false, true);
        LineBatch out = batch;
        int need = head.length + lenWithNewline;
        if (out.len + need > out.bytes.length) {
            out.ensure(need);
        }
        System.arraycopy(head, 0, out.bytes, out.len, head.length);
        System.arraycopy(src, off, out.bytes, out.len + head.length, lenWithNewline);
        out.len += need;
        carryMillis = chunkMillis;
    }

    /** The same as one JSON object, for a line with nothing to escape ({@code len} without its newline). */
    private void appendJsonLine(byte[] src, int off, int len) {
        JsonPieces.appendPlainLine(batch, framing.head(chunkMillis, false, true), src, off, len);
        carryMillis = chunkMillis;
    }

    /**
     * Takes {@code src[off, off+len)}, bytes of the current line without its newline ({@code plain}:
     * nothing in them needs escaping in JSON): writes every
     * full piece it completes, then the rest when {@code lineEnds}, else keeps the rest. A rest of
     * exactly MAX_PIECE bytes is kept, as the line may end right after it.
     */
    private void take(byte[] src, int off, int len, boolean lineEnds, boolean plain) {
        while (carryLen + len > MAX_PIECE) {
            int fromSrc = MAX_PIECE - carryLen;
            emit(src, off, fromSrc, false, plain);
            off += fromSrc;
            len -= fromSrc;
        }
        if (lineEnds) {
            emit(src, off, len, true, plain);
        } else {
            keep(src, off, len);
        }
    }

    /**
     * Appends the framed piece carry + src to the batch (with its newline) and clears the carry; a
     * piece that is not {@code last} is continued by the next one.
     */
    private void emit(byte[] src, int off, int len, boolean last, boolean plain) {
        long millis = carryLen > 0 ? carryMillis : chunkMillis;
        byte[] head = framing.head(millis, continuing, last);
        carryMillis = chunkMillis;
        if (framing.json()) {
            emitJson(head, src, off, len, last, plain && carryLen == 0);
        } else {
            LineBatch out = batch;
            out.ensure(head.length + carryLen + len + 1);
            out.put(head, 0, head.length);
            int pieceStart = out.len;
            out.put(carry, 0, carryLen);
            carryLen = 0;
            out.put(src, off, len);
            hear(out.bytes, pieceStart, out.len - pieceStart);
            out.bytes[out.len++] = '\n';
        }
        continuing = !last;
        releaseCarry();
    }

    /** Gives a carry bigger than the free one back to the run's budget once it holds nothing. */
    private void releaseCarry() {
        if (carry.length > CarryBudget.FREE) {
            budget.give(carry.length - CarryBudget.FREE);
            carry = NOTHING;
        }
        if (scratch.length > CarryBudget.FREE) {
            scratch = NOTHING; // JSON only: a copy of a carry, made again when one is carried again
        }
    }

    /** One JSON object ({@link JsonPieces}): the carry and {@code src[off, off+len)} as one piece. */
    private void emitJson(byte[] head, byte[] src, int off, int len, boolean last, boolean plain) {
        byte[] raw = src;
        int rawOff = off;
        int rawLen = len;
        if (carryLen > 0) {
            // Escape the whole piece at once: a UTF-8 sequence may straddle the carry and the chunk.
            rawLen = carryLen + len;
            if (scratch.length < rawLen) {
                scratch = new byte[Math.max(rawLen, scratch.length * 2)];
            }
            System.arraycopy(carry, 0, scratch, 0, carryLen);
            System.arraycopy(src, off, scratch, carryLen, len);
            raw = scratch;
            rawOff = 0;
            carryLen = 0;
        }
        JsonPieces.appendPiece(batch, head, raw, rawOff, rawLen, last, plain);
        hear(raw, rawOff, rawLen);
    }

    private void hear(byte[] bytes, int off, int len) {
        if (listener != null && !listener.line(bytes, off, len)) {
            listener = null;
        }
    }

    private void keep(byte[] src, int off, int len) {
        if (carryLen + len > carry.length) {
            int grown = Math.min(MAX_PIECE, Math.max(Math.max(carry.length * 2, CarryBudget.FREE), carryLen + len));
            long more = Math.max(0, grown - CarryBudget.FREE) - Math.max(0, carry.length - CarryBudget.FREE);
            if (more > 0 && !budget.take(more)) {
                // The run holds all the unfinished lines it may: this one is written as far as it
                // came, and its rest follows as a continuation piece.
                emit(src, off, len, false, false);
                return;
            }
            carry = Arrays.copyOf(carry, grown);
        }
        System.arraycopy(src, off, carry, carryLen, len);
        carryLen += len;
    }

    /** Hands the batch on and gives it back to the thread. */
    private void flushBatch() {
        batch.handOn(consumer);
        batch = null;
    }
}

package org.commonplace.orchestrator.output;

import java.util.Arrays;
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
 *
 * <p>Not thread-safe: one splitter per stream, used by that stream's pump only. The batch array is
 * reused and owned by the splitter: the consumer must be done with it when it returns.
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

    private final byte[] prefix;
    private final byte[] continuationPrefix;
    private final BatchConsumer consumer;
    private LineListener listener;
    /** The start of the current line not written yet; never more than MAX_PIECE bytes. */
    private byte[] carry = new byte[256];
    private int carryLen;
    /** Whether pieces of the current line were written already, so the next one is a continuation. */
    private boolean continuing;
    private byte[] batch = new byte[8192];
    private int batchLen;

    /**
     * @param prefix             put before every line and before the first piece of a long one ({@code [name] })
     * @param continuationPrefix put before every further piece of a long line ({@code [name]+ })
     */
    public LineSplitter(byte[] prefix, byte[] continuationPrefix, BatchConsumer consumer) {
        this.prefix = prefix.clone();
        this.continuationPrefix = continuationPrefix.clone();
        this.consumer = consumer;
    }

    /** Lets {@code listener} see every complete line until it says it has heard enough. */
    public LineSplitter listen(LineListener listener) {
        this.listener = listener;
        return this;
    }

    /** Takes the next chunk of the stream and passes on every line (or piece) it completes, as one batch. */
    @Override
    public void feed(byte[] chunk, int off, int len) {
        int end = off + len;
        int lineStart = off;
        for (int i = off; i < end; i++) {
            if (chunk[i] == '\n') {
                take(chunk, lineStart, i - lineStart, true);
                lineStart = i + 1;
            }
        }
        if (lineStart < end) {
            take(chunk, lineStart, end - lineStart, false);
        }
        flushBatch();
    }

    /** Ends the stream: a pending partial line is passed on with a newline added. */
    @Override
    public void finish() {
        if (carryLen > 0) {
            emit(new byte[0], 0, 0);
            continuing = false;
            flushBatch();
        }
    }

    /**
     * Takes {@code src[off, off+len)}, bytes of the current line without its newline: writes every
     * full piece it completes, then the rest when {@code lineEnds}, else keeps the rest. A rest of
     * exactly MAX_PIECE bytes is kept, as the line may end right after it.
     */
    private void take(byte[] src, int off, int len, boolean lineEnds) {
        while (carryLen + len > MAX_PIECE) {
            int fromSrc = MAX_PIECE - carryLen;
            emit(src, off, fromSrc);
            off += fromSrc;
            len -= fromSrc;
        }
        if (lineEnds) {
            emit(src, off, len);
            continuing = false;
        } else {
            keep(src, off, len);
        }
    }

    /** Appends (continuation) prefix + carry + src + '\n' to the batch, clears the carry; the next piece continues. */
    private void emit(byte[] src, int off, int len) {
        byte[] head = continuing ? continuationPrefix : prefix;
        ensureBatch(head.length + carryLen + len + 1);
        System.arraycopy(head, 0, batch, batchLen, head.length);
        batchLen += head.length;
        int pieceStart = batchLen;
        System.arraycopy(carry, 0, batch, batchLen, carryLen);
        batchLen += carryLen;
        carryLen = 0;
        System.arraycopy(src, off, batch, batchLen, len);
        batchLen += len;
        if (listener != null && !listener.line(batch, pieceStart, batchLen - pieceStart)) {
            listener = null;
        }
        batch[batchLen++] = '\n';
        continuing = true;
    }

    private void keep(byte[] src, int off, int len) {
        if (carryLen + len > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + len));
        }
        System.arraycopy(src, off, carry, carryLen, len);
        carryLen += len;
    }

    private void ensureBatch(int more) {
        if (batchLen + more > batch.length) {
            batch = Arrays.copyOf(batch, Math.max(batch.length * 2, batchLen + more));
        }
    }

    private void flushBatch() {
        if (batchLen > 0) {
            consumer.accept(batch, 0, batchLen);
            batchLen = 0;
        }
    }
}

package org.commonplace.orchestrator.output;

import java.util.Arrays;
import org.commonplace.orchestrator.spawn.OutputReceiver;

/**
 * Turns a stream of byte chunks into prefixed lines: each complete line of a chunk is copied, with
 * the prefix before it, into one batch; a line cut by the chunk's end waits in a carry buffer for
 * the rest. At the end of the stream a last line without a newline gets one.
 *
 * <p>Not thread-safe: one splitter per stream, used by that stream's pump only. The batch array is
 * reused and owned by the splitter: the consumer must be done with it when it returns.
 */
public final class LineSplitter implements OutputReceiver {
    /** A line longer than this is written in pieces, so a child without newlines cannot exhaust memory. */
    static final int MAX_LINE = 1 << 20;

    /** Receives a batch of whole prefixed lines. */
    @FunctionalInterface
    public interface BatchConsumer {
        void accept(byte[] bytes, int off, int len);
    }

    /** Hears each complete line's bytes (without prefix and newline) while it wants more. */
    @FunctionalInterface
    public interface LineListener {
        /** @return false once it has heard enough: it is not called again */
        boolean line(byte[] bytes, int off, int len);
    }

    private final byte[] prefix;
    private final BatchConsumer consumer;
    private LineListener listener;
    private byte[] carry = new byte[256];
    private int carryLen;
    private byte[] batch = new byte[8192];
    private int batchLen;

    public LineSplitter(byte[] prefix, BatchConsumer consumer) {
        this.prefix = prefix.clone();
        this.consumer = consumer;
    }

    /** Lets {@code listener} see every complete line until it says it has heard enough. */
    public LineSplitter listen(LineListener listener) {
        this.listener = listener;
        return this;
    }

    /** Takes the next chunk of the stream and passes on every line it completes, as one batch. */
    @Override
    public void feed(byte[] chunk, int off, int len) {
        int end = off + len;
        int lineStart = off;
        for (int i = off; i < end; i++) {
            if (chunk[i] == '\n') {
                appendLine(chunk, lineStart, i + 1 - lineStart);
                lineStart = i + 1;
            }
        }
        if (lineStart < end) {
            keep(chunk, lineStart, end - lineStart);
        }
        flushBatch();
    }

    /** Ends the stream: a pending partial line is passed on with a newline added. */
    @Override
    public void finish() {
        if (carryLen > 0) {
            appendPiece(new byte[0], 0, 0, true);
            flushBatch();
        }
    }

    private void appendLine(byte[] src, int off, int len) {
        appendPiece(src, off, len, false);
    }

    /** Appends prefix + carry + src (+ '\n' when {@code addNewline}) to the batch, and clears the carry. */
    private void appendPiece(byte[] src, int off, int len, boolean addNewline) {
        int need = prefix.length + carryLen + len + (addNewline ? 1 : 0);
        ensureBatch(need);
        System.arraycopy(prefix, 0, batch, batchLen, prefix.length);
        batchLen += prefix.length;
        int lineStart = batchLen;
        System.arraycopy(carry, 0, batch, batchLen, carryLen);
        batchLen += carryLen;
        carryLen = 0;
        System.arraycopy(src, off, batch, batchLen, len);
        batchLen += len;
        if (listener != null) {
            int lineLen = batchLen - lineStart;
            if (!addNewline && lineLen > 0 && batch[batchLen - 1] == '\n') {
                lineLen--;
            }
            if (!listener.line(batch, lineStart, lineLen)) {
                listener = null;
            }
        }
        if (addNewline) {
            batch[batchLen++] = '\n';
        }
    }

    private void keep(byte[] src, int off, int len) {
        if (carryLen + len > MAX_LINE) {
            appendPiece(src, off, len, true);
            return;
        }
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

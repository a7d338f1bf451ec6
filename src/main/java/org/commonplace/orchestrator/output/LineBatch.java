package org.commonplace.orchestrator.output;

import java.util.Arrays;

/**
 * The batch a {@link LineSplitter} fills in one feed: whole framed lines, handed on at once. It is the
 * feeding thread's, lent to the splitter for one feed (one per thread: the I/O loop's serves every
 * child), since it is handed on and emptied before the feed returns; a batch per splitter cost 8 KiB
 * or more for every process that ever printed (80 MiB for 10,000).
 *
 * <p>Not thread-safe: used by the thread it belongs to, through the splitter it is lent to. The
 * splitter's hot paths write {@link #bytes} and {@link #len} themselves (a call per line showed in
 * the cost of a flood).
 */
final class LineBatch {
    private static final byte[] NOTHING = new byte[0];
    /** Each thread's batch, while no splitter has borrowed it. */
    private static final ThreadLocal<LineBatch> IDLE = new ThreadLocal<>();

    /** The lines so far, from 0 to {@link #len}; the array is made at the first output, not before. */
    byte[] bytes = NOTHING;
    int len;

    private LineBatch() {
    }

    /** {@return this thread's batch, empty} Until it is handed on, another borrow on this thread gets a new one. */
    static LineBatch borrow() {
        LineBatch batch = IDLE.get();
        if (batch == null) {
            return new LineBatch();
        }
        // Should a consumer ever feed another splitter on this thread, that one gets a batch of its own.
        IDLE.set(null);
        return batch;
    }

    /** Makes room for {@code more} bytes after the lines so far. */
    void ensure(int more) {
        if (len + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(Math.max(bytes.length * 2, 8192), len + more));
        }
    }

    /** Appends {@code src[off, off+n)}; room must have been made. */
    void put(byte[] src, int off, int n) {
        System.arraycopy(src, off, bytes, len, n);
        len += n;
    }

    /** Hands the lines (if any) to {@code consumer}, then gives the batch back to its thread. */
    void handOn(LineSplitter.BatchConsumer consumer) {
        if (len > 0) {
            consumer.accept(bytes, 0, len);
            len = 0;
        }
        IDLE.set(this);
    }
}

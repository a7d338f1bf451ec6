package org.commonplace.orchestrator.control;

import java.util.ArrayList;
import java.util.List;

/**
 * One process's recent output: a circular buffer of whole batches of lines and a circular table of
 * the batches in it, both made at the process's first output, as large as the {@link LogBook} lets
 * each process have at that moment. Recording copies the batch into the buffer and writes three
 * numbers: no allocation, so a flood makes no garbage. A batch is forgotten when its bytes are
 * overwritten or its table entry is reused. When the book gives each process less room (more
 * processes), {@link #shrinkTo} keeps the newest batches that fit.
 *
 * <p>Thread-safe: the output pumps add, connection threads copy, the book shrinks.
 */
final class LogRing {
    /** One table entry per this many bytes of buffer: small rings need few entries. */
    private static final int BYTES_PER_BATCH = 256;
    private static final int MIN_BATCHES = 16;
    private static final int MAX_BATCHES = 1024;

    /** Whole lines as the sink got them (prefixes included), numbered in arrival order. */
    record Batch(long seq, boolean err, byte[] bytes) {
    }

    // Made at the first output, not before: a process that prints nothing costs an empty ring.
    private byte[] data;
    /** Bytes ever written; a byte's place in {@code data} is its position modulo its length. */
    private long written;
    private long[] seqs;
    private long[] starts;
    private int[] lengths;
    private boolean[] errs;
    private long first;
    private long next;

    /** {@return the bytes this ring holds on the heap: its buffer and its table} */
    synchronized long heldBytes() {
        return data == null ? 0 : data.length + (long) seqs.length * (8 + 8 + 4 + 1);
    }

    /** Records {@code bytes[off, off+len)}, whole lines; {@code capacity} is the room it may have now. */
    synchronized void add(long seq, boolean err, byte[] bytes, int off, int len, int capacity) {
        if (data == null) {
            allocate(capacity);
        } else if (data.length > capacity) {
            shrinkTo(capacity);
        }
        int size = data.length;
        if (len > size) {
            // Only the end fits; start it at a line.
            int from = off + len - size;
            while (from < off + len && bytes[from - 1] != '\n') {
                from++;
            }
            len -= from - off;
            off = from;
        }
        int at = (int) (written % size);
        int firstPart = Math.min(len, size - at);
        System.arraycopy(bytes, off, data, at, firstPart);
        System.arraycopy(bytes, off + firstPart, data, 0, len - firstPart);
        int batches = seqs.length;
        int slot = (int) (next % batches);
        seqs[slot] = seq;
        starts[slot] = written;
        lengths[slot] = len;
        errs[slot] = err;
        next++;
        written += len;
        while (first < next && (next - first > batches || starts[(int) (first % batches)] < written - size)) {
            first++;
        }
    }

    private void allocate(int capacity) {
        int batches = Math.clamp(capacity / BYTES_PER_BATCH, MIN_BATCHES, MAX_BATCHES);
        data = new byte[capacity];
        seqs = new long[batches];
        starts = new long[batches];
        lengths = new int[batches];
        errs = new boolean[batches];
        written = 0;
        first = 0;
        next = 0;
    }

    /** Makes the buffer {@code capacity} bytes if it is larger, keeping the newest batches that fit whole. */
    synchronized void shrinkTo(int capacity) {
        if (data == null || data.length <= capacity) {
            return;
        }
        List<Batch> kept = copy();
        allocate(capacity);
        int from = kept.size();
        long bytes = 0;
        while (from > 0 && kept.size() - from < seqs.length && bytes + kept.get(from - 1).bytes().length <= capacity) {
            from--;
            bytes += kept.get(from).bytes().length;
        }
        for (Batch b : kept.subList(from, kept.size())) {
            add(b.seq(), b.err(), b.bytes(), 0, b.bytes().length, capacity);
        }
    }

    /** {@return a copy of the batches held, oldest first} */
    synchronized List<Batch> copy() {
        if (data == null) {
            return List.of();
        }
        var batches = new ArrayList<Batch>((int) (next - first));
        int size = data.length;
        for (long i = first; i < next; i++) {
            int slot = (int) (i % seqs.length);
            byte[] bytes = new byte[lengths[slot]];
            int at = (int) (starts[slot] % size);
            int firstPart = Math.min(bytes.length, size - at);
            System.arraycopy(data, at, bytes, 0, firstPart);
            System.arraycopy(data, 0, bytes, firstPart, bytes.length - firstPart);
            batches.add(new Batch(seqs[slot], errs[slot], bytes));
        }
        return batches;
    }
}

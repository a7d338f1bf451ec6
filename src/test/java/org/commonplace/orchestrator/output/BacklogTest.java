package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The backlog policy shared by the terminal's streams and the log files, on a hand-moved clock; no writer thread. */
final class BacklogTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Backlog<byte[]> backlog = new Backlog<>(now::get);

    private static byte[] lines(int bytes) {
        byte[] b = new byte[bytes];
        b[bytes - 1] = '\n';
        return b;
    }

    @Test
    void whatFindsNoRoomWhileTheDestinationIsStuckIsDroppedForTheCallerToCount() throws InterruptedException {
        byte[] half = lines((int) (Backlog.LIMIT_BYTES / 2));
        assertThat(backlog.offer(half, 0, half.length, true, Function.identity())).isTrue();
        assertThat(backlog.offer(half, 0, half.length, true, Function.identity())).isTrue();
        now.addAndGet(Backlog.STUCK_NANOS);
        assertThat(backlog.stuck()).isTrue();
        // Full and stuck: even a producer that may wait is not kept.
        assertThat(backlog.offer(half, 0, 10, true, Function.identity())).isFalse();
        // The destination moves: room again, and it is no longer stuck.
        assertThat(backlog.next()).isSameAs(backlog.next());
        backlog.written();
        assertThat(backlog.stuck()).isFalse();
        assertThat(backlog.offer(half, 0, 10, false, Function.identity())).isTrue();
    }

    @Test
    void aLineOfOursIsNeverKeptWaitingForRoom() {
        byte[] full = lines((int) Backlog.LIMIT_BYTES);
        assertThat(backlog.offer(full, 0, full.length, true, Function.identity())).as("one batch always fits an empty queue").isTrue();
        assertThat(backlog.offer(full, 0, 1, false, Function.identity())).isFalse();
    }

    @Test
    void anIdleDestinationIsNotAStuckOne() {
        now.addAndGet(10 * Backlog.STUCK_NANOS); // nothing to write for ten seconds
        byte[] line = lines(6);
        backlog.offer(line, 0, line.length, true, Function.identity());
        assertThat(backlog.stuck()).isFalse();
        now.addAndGet(Backlog.STUCK_NANOS);
        assertThat(backlog.stuck()).isTrue();
    }

    @Test
    void whatIsQueuedIsACopyAndACloseLetsEverythingGo() throws InterruptedException {
        byte[] line = "one\n".getBytes();
        backlog.offer(line, 0, line.length, true, Function.identity());
        line[0] = 'X';
        assertThat(new String(backlog.next())).isEqualTo("one\n");
        backlog.close();
        assertThat(backlog.offer(line, 0, line.length, true, Function.identity())).as("nobody reads: nothing to count").isTrue();
        assertThat(backlog.stuck()).isFalse();
        backlog.drain(60_000); // returns at once
        assertThat(Backlog.lines("a\nb\nc".getBytes(), 0, 5)).isEqualTo(2);
    }

    /** An item of a recycling backlog: the array and how much of it is the item's. */
    private record Slice(byte[] copy, int len) {
    }

    private static byte[] batch(int bytes, char fill) {
        byte[] b = new byte[bytes];
        java.util.Arrays.fill(b, (byte) fill);
        b[bytes - 1] = '\n';
        return b;
    }

    @Test
    void aFloodReusesTheArraysOfWrittenBatchesOnlyAfterTheyAreWrittenAndAQuietQueueKeepsNone() throws InterruptedException {
        // A flood kept this queue full, and each copy outlived a young collection: the collector
        // copied all 78 MB of figure K once more into the old generation, and the heap grew to 85 MB.
        var recycling = new Backlog<Slice>(now::get, true);
        int size = 4 * Backlog.RECYCLED_MIN + 100;
        byte[] a = batch(size, 'a');
        byte[] b = batch(size, 'b');
        recycling.offer(a, 0, size, true, Slice::new);
        recycling.offer(b, 0, size, true, Slice::new);
        Slice first = recycling.next();
        assertThat(first.len()).isEqualTo(size);
        assertThat(first.copy().length).as("rounded up, and counted so").isEqualTo(5 * Backlog.RECYCLED_MIN);
        recycling.offer(batch(size, 'c'), 0, size, true, Slice::new);
        assertThat(recycling.next()).as("not written yet: its array is not handed out again").isSameAs(first);
        assertThat(java.util.Arrays.equals(first.copy(), 0, size, a, 0, size)).isTrue();

        recycling.written();
        recycling.offer(batch(size, 'd'), 0, size, true, Slice::new);
        Slice second = recycling.next();
        assertThat(java.util.Arrays.equals(second.copy(), 0, size, b, 0, size)).as("what waits is untouched").isTrue();
        recycling.written();
        Slice third = recycling.next();
        assertThat((char) third.copy()[0]).isEqualTo('c');
        recycling.written();
        Slice fourth = recycling.next();
        assertThat(fourth.copy()).as("the written array, reused").isSameAs(first.copy());
        assertThat((char) fourth.copy()[0]).isEqualTo('d');
        recycling.written();

        // Empty: the spares are let go; the next copy is a new array.
        recycling.offer(batch(size, 'e'), 0, size, true, Slice::new);
        Slice fifth = recycling.next();
        assertThat(fifth.copy()).isNotSameAs(first.copy()).isNotSameAs(second.copy()).isNotSameAs(third.copy());
    }

    @Test
    void smallBatchesAreCopiedExactlyAndTheQueueWithItsSparesStaysWithinItsBound() throws InterruptedException {
        var recycling = new Backlog<Slice>(now::get, true);
        byte[] small = lines(100);
        recycling.offer(small, 0, small.length, true, Slice::new);
        assertThat(recycling.next().copy()).hasSize(100);
        recycling.written();
        // Fill the queue to its bound with big batches, then write half: what is queued and spare
        // together stays within the bound, so a full queue never holds more than LIMIT_BYTES.
        int size = 8 * Backlog.RECYCLED_MIN;
        byte[] big = batch(size, 'x');
        int fit = (int) (Backlog.LIMIT_BYTES / size);
        for (int i = 0; i < fit; i++) {
            assertThat(recycling.offer(big, 0, size, false, Slice::new)).isTrue();
        }
        assertThat(recycling.offer(big, 0, size, false, Slice::new)).as("full").isFalse();
        var arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<byte[], Boolean>());
        for (int i = 0; i < fit / 2; i++) {
            arrays.add(recycling.next().copy());
            recycling.written();
        }
        for (int i = 0; i < fit / 2; i++) {
            assertThat(recycling.offer(big, 0, size, false, Slice::new)).isTrue();
        }
        assertThat(recycling.offer(big, 0, size, false, Slice::new)).as("full again, with no more than its bound").isFalse();
        int reused = 0;
        for (int i = 0; i < fit; i++) {
            if (arrays.contains(recycling.next().copy())) {
                reused++;
            }
            recycling.written();
        }
        assertThat(reused).as("every array written was used again").isEqualTo(fit / 2);
    }
}

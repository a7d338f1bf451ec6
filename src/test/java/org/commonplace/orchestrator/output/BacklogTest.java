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
}

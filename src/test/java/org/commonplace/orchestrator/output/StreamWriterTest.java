package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the writer does when its destination refuses writes: for a while (a full disk) or for good (EPIPE). */
final class StreamWriterTest {
    private final List<String> reports = new CopyOnWriteArrayList<>();

    /** A destination that fails every write with the given error while {@code failure} is set. */
    private static final class Refusing extends OutputStream {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        volatile String failure;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                throw new IOException(failure);
            }
            taken.write(b, off, len);
        }

        synchronized String text() {
            return taken.toString(StandardCharsets.UTF_8);
        }
    }

    private static void offer(StreamWriter writer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writer.offer(bytes, 0, bytes.length, true);
    }

    @Test
    void aFullDiskIsReportedOnceAndAgainWhenWritingWorksAgain() throws InterruptedException {
        var destination = new Refusing();
        var writer = new StreamWriter(destination, "stdout", reports::add);
        offer(writer, "before\n");
        await().until(() -> destination.text().equals("before\n"));

        destination.failure = "No space left on device";
        offer(writer, "lost 1\nlost 2\n");
        offer(writer, "lost 3\n");
        offer(writer, "lost 4\n");
        writer.drain(5000);
        assertThat(reports).containsExactly(
                "cannot write to stdout: No space left on device; its lines are lost until it can be written again");

        destination.failure = null;
        offer(writer, "after\n");
        await().until(() -> reports.size() == 2);
        assertThat(reports.get(1)).isEqualTo("stdout can be written again; 4 lines were lost while it could not");
        assertThat(destination.text()).isEqualTo("before\nafter\n");
    }

    @Test
    void aStreamThatWasIdleForLongIsNotStuckTheMomentSomethingIsQueued() throws InterruptedException {
        long[] now = {0};
        var release = new java.util.concurrent.CountDownLatch(1);
        var blocked = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        var writer = new StreamWriter(blocked, "stderr", reports::add, () -> now[0]);
        now[0] += 5 * StreamWriter.STUCK_NANOS; // a quiet start (a broker check of some seconds)
        offer(writer, "cannot reach the MQTT broker\n");
        assertThat(writer.stuck()).as("just queued").isFalse();
        now[0] += StreamWriter.STUCK_NANOS;
        assertThat(writer.stuck()).as("a second without progress").isTrue();
        release.countDown();
    }

    @Test
    void aReaderThatIsGoneIsNotReportedAndNothingMoreIsWritten() throws InterruptedException {
        var destination = new Refusing();
        var writer = new StreamWriter(destination, "stdout", reports::add);
        destination.failure = "Broken pipe";
        offer(writer, "lost\n");
        writer.drain(5000);
        destination.failure = null;
        offer(writer, "also lost\n");
        writer.drain(5000);
        assertThat(reports).isEmpty();
        assertThat(destination.text()).isEmpty();
    }

    @Test
    void whileADestinationStillHoldsABatchItsArrayIsNeverFilledAgain() throws InterruptedException {
        // The writer's arrays are reused for the next batches once written: a destination that
        // reads the bytes it was given late (here: only after two more batches were queued) must
        // still find them as they were handed over.
        int batches = 400;
        var offered = new int[1];
        var taken = new ByteArrayOutputStream();
        var late = new OutputStream() {
            int writes;

            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                int mine = ++writes;
                synchronized (offered) {
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (offered[0] < Math.min(batches, mine + 2) && System.nanoTime() < deadline) {
                        try {
                            offered.wait(1000);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                synchronized (taken) {
                    taken.write(b, off, len);
                }
            }
        };
        var writer = new StreamWriter(late, "stdout", reports::add);
        var expected = new StringBuilder();
        for (int i = 0; i < batches; i++) {
            var batch = new StringBuilder();
            for (int line = 0; batch.length() < 2 * Backlog.RECYCLED_MIN + i; line++) {
                batch.append("[p] batch ").append(i).append(" line ").append(line).append(" the quick brown fox\n");
            }
            expected.append(batch);
            offer(writer, batch.toString());
            synchronized (offered) {
                offered[0]++;
                offered.notifyAll();
            }
        }
        writer.drain(30_000);
        synchronized (taken) {
            assertThat(taken.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        }
        assertThat(reports).isEmpty();
    }
}

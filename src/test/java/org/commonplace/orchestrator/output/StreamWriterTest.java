package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The writer thread of one of our streams: what drain() waits for, on a clock moved by hand. */
final class StreamWriterTest {
    /** A destination whose writes block until the test lets them through. */
    private static final class GatedStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            entered.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.write(b, off, len);
            }
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * The failure seen once in BrokerTest (stderr empty although the error was said): the broker
     * check took over a second, the stream had been quiet all that time, and drain() took the quiet
     * for a stuck destination and returned at once, so System.exit came before the line was written.
     */
    @Test
    void drainWaitsForTheFirstLineAfterAQuietSpell() throws Exception {
        var now = new AtomicLong();
        var stream = new GatedStream();
        var writer = new StreamWriter(stream, "stdout", now::get);
        now.addAndGet(5 * StreamWriter.STUCK_NANOS);
        byte[] line = "[orchestrator] cannot reach the MQTT broker\n".getBytes(StandardCharsets.UTF_8);
        writer.offer(line, 0, line.length, false);
        stream.entered.await();

        var seenWhenDrained = new AtomicReference<String>();
        Thread drainer = Thread.ofPlatform().start(() -> {
            try {
                writer.drain(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seenWhenDrained.set(stream.text());
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !drainer.isAlive() || drainer.getState() == Thread.State.TIMED_WAITING);
        stream.open.countDown();
        drainer.join(10_000);
        assertThat(seenWhenDrained.get()).isEqualTo(new String(line, StandardCharsets.UTF_8));
    }

    @Test
    void drainGivesUpOnADestinationThatTakesNothingForASecond() throws Exception {
        var now = new AtomicLong();
        var stream = new GatedStream();
        var writer = new StreamWriter(stream, "stdout", now::get);
        byte[] line = "a line\n".getBytes(StandardCharsets.UTF_8);
        writer.offer(line, 0, line.length, false);
        stream.entered.await();
        now.addAndGet(StreamWriter.STUCK_NANOS);
        writer.drain(60_000);
        assertThat(stream.text()).isEmpty();
        stream.open.countDown();
    }
}

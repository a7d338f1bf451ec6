package org.commonplace.orchestrator.paho;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javax.net.SocketFactory;

/**
 * The threads and the socket of one MQTT attempt, arranged around a defect of Paho 1.2.5.
 *
 * <p>The defect: Paho's connect thread starts a receiver, a sender and a callback thread and, after
 * each, polls (sleeping 100 ms) until that thread reports running. If the client is shut down inside
 * that window, the thread it waits for stops before it is seen running, and the connect thread polls
 * forever: one leaked thread per attempt. Two things shut it down there: our forced disconnect after
 * a timeout, and the receiver itself when the peer closes the connection at once (a port that
 * accepts and hangs up).
 *
 * <p>The arrangement: Paho hands its connect thread ({@code ClientComms$ConnectBG}) to this executor,
 * which notes when it has ended; the forced disconnect waits for that, and the socket's input
 * stream lets the receiver read nothing before then, so an early hang-up is seen only once the
 * connect thread is done. Threads are daemon platform threads named after the client id, so they
 * never keep the JVM alive and a thread dump shows whose they are.
 */
public final class PahoThreads extends ScheduledThreadPoolExecutor {
    /** Connect, receiver, sender, callback, ping and disconnect threads, with room to spare. */
    private static final int THREADS = 8;

    private final CountDownLatch connectDone = new CountDownLatch(1);
    private final Duration connectLimit;

    /** @param connectLimit the longest the connect thread can take (the TCP connect and the thread starts) */
    public PahoThreads(String clientId, Duration connectLimit) {
        super(THREADS, Thread.ofPlatform().daemon().name(clientId + "-paho-", 0).factory());
        this.connectLimit = connectLimit;
    }

    @Override
    public void execute(Runnable task) {
        if (!task.getClass().getName().endsWith("$ConnectBG")) {
            super.execute(task);
            return;
        }
        super.execute(() -> {
            try {
                task.run();
            } finally {
                connectDone.countDown();
            }
        });
    }

    /** Waits, at most the connect limit, until Paho's connect thread has ended. */
    public void awaitConnectThread() {
        try {
            connectDone.await(connectLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@return plain sockets whose input is held back until the connect thread has ended, and read
     * within {@link PacketLimit#MAX_PACKET_BYTES}; an oversized QoS 0 message is skipped unseen}
     */
    public SocketFactory sockets() {
        return sockets(bytes -> { });
    }

    /** As {@link #sockets()}; {@code skipped} hears the size of each message skipped (on the receiver's thread). */
    public SocketFactory sockets(LongConsumer skipped) {
        return PacketLimit.sockets(this::gated, skipped);
    }

    /** {@return {@code raw}, read from only once the connect thread has ended} */
    private InputStream gated(InputStream raw) {
        return new FilterInputStream(raw) {
            private boolean open;

            @Override
            public int read() throws IOException {
                gate();
                return super.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                gate();
                return super.read(buffer, offset, length);
            }

            private void gate() {
                if (!open) {
                    awaitConnectThread();
                    open = true;
                }
            }
        };
    }
}

package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a connection away with one line ({@code busy}, {@code forbidden}) and neither a thread nor a
 * slot: the line is written at once, and the connection closed a moment later after reading what the
 * client sent — closing with its request unread would reset the connection, and the client would
 * print "Connection reset" or "Broken pipe" instead of why. At most {@link #MAX_LINGERING}
 * connections wait for that moment; past that (a flood) they are closed at once.
 */
final class Farewell {
    /** Turned-away connections that may wait for their close at the same time. */
    static final int MAX_LINGERING = 64;
    /** How long a turned-away client has to send its request before it is closed. */
    static final long LINGER_MS = 200;
    /** How long a client turned away for want of open files has to send its request: the accepting thread waits. */
    static final long QUICK_MS = 50;

    private final ScheduledExecutorService timer;
    private final AtomicInteger lingering = new AtomicInteger();

    Farewell(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Writes {@code line} and closes the connection soon. */
    void say(SocketChannel client, JsonNode line) {
        writeNow(client, line);
        if (lingering.incrementAndGet() > MAX_LINGERING) {
            lingering.decrementAndGet();
            drainAndClose(client);
            return;
        }
        try {
            timer.schedule(() -> {
                lingering.decrementAndGet();
                drainAndClose(client);
            }, LINGER_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            lingering.decrementAndGet();
            drainAndClose(client);
        }
    }

    /**
     * Writes {@code line} and closes the connection within {@link #QUICK_MS}: its descriptor is needed
     * back soon (out of open files), so the client's request is waited for only that long, here.
     */
    void sayAndClose(SocketChannel client, JsonNode line) {
        writeNow(client, line);
        long deadline = System.nanoTime() + QUICK_MS * 1_000_000;
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            int n;
            while ((n = client.read(sink)) >= 0 && System.nanoTime() < deadline) {
                if (n > 0 && sink.get(sink.position() - 1) == '\n') {
                    break;
                }
                if (!sink.hasRemaining()) {
                    sink.clear();
                }
                Thread.sleep(2);
            }
        } catch (IOException e) {
            // it left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainAndClose(client);
    }

    /** One write without waiting: a new connection's buffer takes a line; a client that is gone is no matter. */
    private static void writeNow(SocketChannel client, JsonNode line) {
        try {
            client.configureBlocking(false);
            client.write(ByteBuffer.wrap(Protocol.line(line)));
        } catch (IOException e) {
            // it left: nothing to tell
        }
    }

    private static void drainAndClose(SocketChannel client) {
        try {
            client.configureBlocking(false);
            client.shutdownOutput();
            ByteBuffer sink = ByteBuffer.allocate(4096);
            // A request is at most 64 KiB: read what has come, without waiting for more.
            for (int i = 0; i < 17 && client.read(sink) > 0; i++) {
                sink.clear();
            }
        } catch (IOException e) {
            // it left
        }
        try {
            client.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}

package org.commonplace.orchestrator.control;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code logs}: the last lines of the named processes (all, and the orchestrator's own, when none is
 * named) from the {@link LogBook}, then with {@code follow} new lines until the client leaves.
 */
final class LogsVerb implements Verb {
    /** The name of the orchestrator's own lines. */
    static final String ORCHESTRATOR = "orchestrator";
    /** Lines sent when the request does not say. */
    static final int DEFAULT_LINES = 50;

    private final SupervisorLink link;
    private final LogBook logs;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier closed;

    LogsVerb(SupervisorLink link, LogBook logs, ScheduledExecutorService timer, BooleanSupplier closed) {
        this.link = link;
        this.logs = logs;
        this.timer = timer;
        this.closed = closed;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        List<String> names = request.names();
        var unknown = link.unknown(names, ORCHESTRATOR);
        if (unknown.isPresent()) {
            Replies.send(client, unknown.get());
            return;
        }
        int n = (int) Math.clamp(request.lines().orElse(DEFAULT_LINES), 0, Integer.MAX_VALUE);
        boolean follow = request.follow();
        // A reader that stops reading must hold neither this thread nor what it is sent for ever: a
        // write that waits longer than LogFollower.STALL_MS closes the connection, which ends it.
        var stuck = new StuckWrite(System::nanoTime, TimeUnit.MILLISECONDS.toNanos(LogFollower.STALL_MS));
        var check = timer.scheduleWithFixedDelay(() -> {
            if (stuck.stuck()) {
                Quietly.close(client);
            }
        }, 1, 1, TimeUnit.SECONDS);
        try (LogFollower follower = follow ? logs.follow(names) : null) {
            if (!Replies.send(client, Protocol.reply(true), stuck)) {
                return;
            }
            long last = 0;
            for (LogBook.Line line : logs.tail(names, n)) {
                if (!Replies.send(client, Replies.logLine(line), stuck)) {
                    return;
                }
                last = line.seq();
            }
            if (!follow) {
                Replies.send(client, Replies.end(), stuck);
                return;
            }
            follow(client, follower, last, stuck);
        } finally {
            check.cancel(false);
        }
    }

    /**
     * Sends new lines until the client leaves; lines the client did not take in time were dropped,
     * and it is told how many where they were lost.
     */
    private void follow(SocketChannel client, LogFollower follower, long after, StuckWrite stuck) {
        ByteBuffer probe = ByteBuffer.allocate(1);
        while (!closed.getAsBoolean()) {
            LogFollower.Next next;
            try {
                next = follower.poll(500);
            } catch (InterruptedException e) {
                return;
            }
            boolean sent = switch (next) {
                // Nothing to send: has the client gone?
                case null -> !SupervisorLink.hasLeft(client, probe);
                case LogFollower.Gap gap -> Replies.send(client, Replies.dropped(gap.lines()), stuck);
                case LogBook.Line line -> line.seq() <= after || Replies.send(client, Replies.logLine(line), stuck);
            };
            if (!sent) {
                return;
            }
        }
    }
}

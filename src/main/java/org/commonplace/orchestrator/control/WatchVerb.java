package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * {@code watch}: the processes now, as {@code ps} answers, then the whole list again after each burst
 * of changes and every {@code interval_ms} (default {@link Protocol#WATCH_INTERVAL_MS}, 500 to 60,000)
 * for fresh RSS and CPU figures; until the client leaves or the orchestrator exits. See {@link WatchFeed}.
 */
final class WatchVerb implements Verb {
    private final WatchFeed feed;
    private final BooleanSupplier closed;

    WatchVerb(WatchFeed feed, BooleanSupplier closed) {
        this.feed = feed;
        this.closed = closed;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        long interval = Math.clamp(request.intervalMs().orElse(Protocol.WATCH_INTERVAL_MS), 500, 60_000);
        try {
            feed.serve(client, interval, closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.commonplace.orchestrator.spawn.custody;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a piece of bookkeeping off the caller's thread, at most once per {@link #WINDOW_MS}: the first
 * request after a quiet spell runs at once, requests during a burst (a crash loop's many exits) are
 * gathered into one run at the end of the window. Never two runs at the same time.
 */
final class Coalescer {
    static final long WINDOW_MS = 100;

    private final String name;
    private final Runnable work;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastRunNanos = System.nanoTime() - WINDOW_MS * 2_000_000;

    Coalescer(String name, Runnable work) {
        this.name = name;
        this.work = work;
    }

    void request() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name(name).start(() -> {
            long waitMs = (lastRunNanos + WINDOW_MS * 1_000_000 - System.nanoTime()) / 1_000_000;
            try {
                if (waitMs > 0) {
                    Thread.sleep(waitMs);
                }
            } catch (InterruptedException e) {
                return;
            }
            pending.set(false);
            lastRunNanos = System.nanoTime();
            work.run();
        });
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * A clock and timer wheel moved by hand: {@link #advance} moves time forward and runs every timer
 * that falls due, in due order. Records every delay ever scheduled, so tests can read a backoff
 * sequence without waiting for it.
 */
final class FakeClock implements Ticker, Scheduler {
    private record Timer(long dueMs, long seq, Runnable action, boolean[] cancelled) {
    }

    private long now = 1_000_000;
    private long seq;
    private final List<Timer> pending = new ArrayList<>();
    final List<Long> scheduledDelays = new ArrayList<>();

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable action) {
        scheduledDelays.add(delayMs);
        boolean[] cancelled = {false};
        pending.add(new Timer(now + delayMs, seq++, action, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward by {@code ms}, running the timers that fall due. */
    void advance(long ms) {
        long target = now + ms;
        while (true) {
            var next = pending.stream().filter(t -> !t.cancelled()[0] && t.dueMs() <= target)
                    .min(Comparator.comparingLong(Timer::dueMs).thenComparingLong(Timer::seq));
            if (next.isEmpty()) {
                break;
            }
            pending.remove(next.get());
            now = Math.max(now, next.get().dueMs());
            next.get().action().run();
        }
        now = target;
    }

    /** {@return how many timers are scheduled and not cancelled} */
    long activeTimers() {
        return pending.stream().filter(t -> !t.cancelled()[0]).count();
    }
}

package org.commonplace.orchestrator.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * When a burst of changes is told: once its files have been quiet for the subscriber's debounce (an
 * editor's save is a write, a rename and a chmod; a {@code git checkout} is thousands), and at the
 * latest {@link #MAX_WAIT_FACTOR} debounces after its first change, so that a file written to all the
 * time still gets told. One pending burst per subscriber: as many as there are subscribers.
 *
 * @param <K> what names a subscriber
 */
final class Debouncer<K> {
    /** A burst that never quiets down is told after this many debounces. */
    static final int MAX_WAIT_FACTOR = 10;
    /** The most files of one burst told apart (a checkout changes thousands); beyond, the count stops. */
    static final int MAX_DISTINCT = 1024;

    private static final class Burst {
        final long firstMs;
        final long debounceMs;
        final Path first;
        long lastMs;
        /** The files of the burst, told apart up to {@link #MAX_DISTINCT}. */
        final java.util.Set<Path> files = new java.util.HashSet<>();
        boolean overflow;

        Burst(long now, long debounceMs, Path first) {
            this.firstMs = now;
            this.lastMs = now;
            this.debounceMs = debounceMs;
            this.first = first;
            files.add(first);
        }

        long dueMs() {
            return Math.min(lastMs + debounceMs, firstMs + MAX_WAIT_FACTOR * debounceMs);
        }
    }

    /** A burst that is over. */
    record Due<K>(K key, Change change) {
    }

    private final Ticker ticker;
    private final Map<K, Burst> pending = new LinkedHashMap<>();

    Debouncer(Ticker ticker) {
        this.ticker = ticker;
    }

    /** A change of {@code file} for {@code key}; {@code overflow}: events were lost, anything may have changed. */
    void offer(K key, long debounceMs, Path file, boolean overflow) {
        long now = ticker.millis();
        Burst burst = pending.get(key);
        if (burst == null) {
            burst = new Burst(now, debounceMs, file);
            pending.put(key, burst);
        } else {
            burst.lastMs = now;
            if (burst.files.size() < MAX_DISTINCT) {
                burst.files.add(file);
            }
        }
        burst.overflow |= overflow;
    }

    /** {@return the bursts that are over now, each forgotten} */
    List<Due<K>> due() {
        long now = ticker.millis();
        var due = new ArrayList<Due<K>>();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Burst b = e.getValue();
            if (now >= b.dueMs()) {
                due.add(new Due<>(e.getKey(), new Change(b.first, b.files.size() - 1, b.overflow)));
                it.remove();
            }
        }
        return due;
    }

    /** {@return how long until the next burst is over, or empty when none is pending (then nothing is to be waited for)} */
    OptionalLong waitMs() {
        long now = ticker.millis();
        return pending.values().stream().mapToLong(b -> Math.max(0, b.dueMs() - now)).min();
    }

    /** The subscriber has gone: its pending burst is never told. */
    void forget(K key) {
        pending.remove(key);
    }
}

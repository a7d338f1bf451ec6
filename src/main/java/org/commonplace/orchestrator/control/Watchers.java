package org.commonplace.orchestrator.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.supervise.SnapshotListener;

/**
 * The latest snapshot of every process, as the supervisor's listener hands them over, for the
 * clients of {@code watch}. The listener's side only stores the snapshot and wakes the waiting
 * connections (a short lock, no I/O), so a slow watcher never slows the loop; {@link WatchFeed}
 * turns the latest list into the line every watcher is sent.
 */
final class Watchers implements SnapshotListener {
    private final Map<String, ProcessSnapshot> latest = new LinkedHashMap<>();
    private long version;

    @Override
    public synchronized void changed(ProcessSnapshot snapshot) {
        latest.put(snapshot.name(), snapshot);
        version++;
        notifyAll();
    }

    @Override
    public synchronized void removed(String name) {
        latest.remove(name);
        version++;
        notifyAll();
    }

    /** The processes at one version of the list. */
    record Seen(long version, List<ProcessSnapshot> processes) {
    }

    /**
     * {@return the version once it is past {@code after}, or after {@code timeoutMs} whether it
     * changed or not} (so a watcher can refresh the usage figures)
     */
    synchronized long awaitChange(long after, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        long left;
        while (version <= after && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return version;
    }

    /** {@return the list now, with its version} */
    synchronized Seen current() {
        return new Seen(version, new ArrayList<>(latest.values()));
    }

    /** {@return the current version} */
    synchronized long version() {
        return version;
    }
}

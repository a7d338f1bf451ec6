package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * The way out of the supervisor: registered before {@link Supervisor#run}, a listener is handed an
 * immutable snapshot of a process after every turn of the loop that changed it (any field of the
 * snapshot: {@code SnapshotFeed} compares them whole), and once for every process when the loop starts.
 * All listeners are told from that one place.
 *
 * <p>Threading: called on the supervisor thread. It must only hand the snapshot on (to a queue, a
 * thread of its own) and return at once: a listener that blocks would stall supervision. A new
 * observer (MQTT state, systemd notify) is a new listener, never a new branch in the supervisor.
 *
 * <p>Order: the {@link #changed} calls that one event caused, then {@link #settled} once, so a
 * listener that sums up all processes (systemd's STATUS= line) sees them consistent. A {@link
 * Milestone} comes on the loop thread when it happens, before the changes it causes.
 */
@FunctionalInterface
public interface SnapshotListener {
    /** The process's state changed; {@code snapshot} is how it is now. */
    void changed(ProcessSnapshot snapshot);

    /** The process was removed from supervision (by a reload) and has ended. */
    default void removed(String name) {
    }

    /** Every change one event caused has been handed over (called only when there was one, or a milestone). */
    default void settled() {
    }

    /** The orchestrator as a whole reached {@code milestone}. */
    default void milestone(Milestone milestone) {
    }

    /** What happens to the orchestrator as a whole, as opposed to one process. */
    enum Milestone {
        /** A stop of everything began (a signal, or a client's shutdown); said once. */
        STOPPING,
        /** A client's reload is about to be applied. */
        RELOADING,
        /** That reload has been applied (what it starts and stops is under way). */
        RELOADED
    }
}

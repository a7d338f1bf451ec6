package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * The way out of the supervisor: registered before {@link Supervisor#run}, a listener is handed an
 * immutable snapshot of a process after every transition that changed it (state, pid, restarts, last
 * exit, next restart), and once for every process when the loop starts.
 *
 * <p>Threading: called on the supervisor thread. It must only hand the snapshot on (to a queue, a
 * thread of its own) and return at once: a listener that blocks would stall supervision. A new
 * observer (MQTT state, systemd notify) is a new listener, never a new branch in the supervisor.
 */
@FunctionalInterface
public interface SnapshotListener {
    /** The process's state changed; {@code snapshot} is how it is now. */
    void changed(ProcessSnapshot snapshot);

    /** The process was removed from supervision (by a reload) and has ended. */
    default void removed(String name) {
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * Tells the {@link SnapshotListener}s, from one place, what changed: after each turn of the loop,
 * each process whose snapshot differs from the one they were last handed (compared whole, so a field
 * added to {@link ProcessSnapshot} is compared without anyone remembering to), then {@code settled}
 * once; milestones and removals as they happen. Supervisor thread only.
 *
 * <p>Which processes are looked at: after an event about one process (its exit, restart, readiness,
 * stop timeout, a start batch) only those the loop applied a transition to, since nothing else
 * changes a process then; after any other event, or a turn that did not finish telling, every one.
 * A storm of exits then costs the listeners nothing per process that did not change (a stop of 2,000
 * processes: figure I of docs/BENCHMARKS.md).
 */
final class SnapshotFeed {
    /** More transitions than this in one turn: every process is looked at instead of the list growing. */
    static final int MAX_TOUCHED = 4096;

    private final List<SnapshotListener> listeners = new ArrayList<>();
    private final Snapshots snapshots;
    /** What the listeners were last handed of each process; absent before they heard of it. */
    private final Map<Slot, ProcessSnapshot> told = new IdentityHashMap<>();
    /** The processes a transition was applied to this turn (a process may be listed more than once). */
    private final List<Slot> touched = new ArrayList<>();
    private boolean lookAtAll = true;
    /** Whether a milestone or a removal was told since the listeners last heard of a round of changes. */
    private boolean announced;

    SnapshotFeed(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    void add(SnapshotListener listener) {
        listeners.add(listener);
    }

    /** A transition was applied to {@code slot}: it may have changed. */
    void touched(Slot slot) {
        if (lookAtAll || (!touched.isEmpty() && touched.getLast() == slot)) {
            return;
        }
        if (touched.size() == MAX_TOUCHED) {
            lookAtAll = true;
            touched.clear();
            return;
        }
        touched.add(slot);
    }

    /** The loop is about to handle {@code event}: unless it is about one process, any process may change. */
    void heard(Event event) {
        if (!(event instanceof Event.Exited || event instanceof Event.RestartDue || event instanceof Event.Ready
                || event instanceof Event.ReadyTimedOut || event instanceof Event.StopTimedOut
                || event instanceof Event.StartMore)) {
            lookAtAll = true;
            touched.clear();
        }
    }

    void milestone(SnapshotListener.Milestone milestone) {
        listeners.forEach(l -> l.milestone(milestone));
        announced = true;
    }

    /** {@code slot} was removed (by a reload) and has ended. */
    void removed(Slot slot) {
        told.remove(slot);
        listeners.forEach(l -> l.removed(slot.name()));
        announced = true;
    }

    /** Hands every listener a snapshot of each process that changed since it last heard, then says it is done. */
    void tell(Map<String, Slot> slots) {
        if (listeners.isEmpty()) {
            lookAtAll = false;
            touched.clear();
            return;
        }
        boolean all = lookAtAll;
        // Until every change is handed over: a listener that throws (an Error, which the loop treats as a
        // core failure) must not make the next turn forget the processes not told yet.
        lookAtAll = true;
        boolean any = announced;
        announced = false;
        for (Slot slot : all ? slots.values() : touched) {
            if (slots.get(slot.name()) != slot) {
                continue; // dropped after a reload: its removal was told
            }
            ProcessSnapshot now = snapshots.of(slot);
            if (now.equals(told.put(slot, now))) {
                continue;
            }
            any = true;
            listeners.forEach(l -> l.changed(now));
        }
        lookAtAll = false;
        touched.clear();
        if (any) {
            listeners.forEach(SnapshotListener::settled);
        }
    }
}

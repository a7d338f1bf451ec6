package org.commonplace.orchestrator.supervise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * During a stop of everything: who gets the stop signal next, dependents first. It runs after every
 * event of the stop, so it looks only at the processes not signalled yet, and at their dependents:
 * with 2,000 processes, a look at every process, and at all the others for its dependents, made each
 * exit cost a millisecond and the stop seconds (figure I of docs/BENCHMARKS.md). Supervisor thread only.
 */
final class StopOrder {
    /** The processes not signalled yet, dependents first (the reverse of the start order); null before the stop. */
    private Deque<Slot> pending;
    /** How many processes there were when {@link #pending} was made: a reload meanwhile makes it again. */
    private int madeOf;
    /** The processes that depend on each process, by its name. */
    private Map<String, List<Slot>> dependents;

    /**
     * Hands {@code stop} every running process none of whose dependents still has a live child; a
     * dependent that ends in the same pass lets its dependencies go in that pass too.
     */
    void advance(Map<String, Slot> slots, Consumer<Slot> stop) {
        if (pending == null || madeOf != slots.size()) {
            pending = new ArrayDeque<>(new ArrayList<>(slots.values()).reversed());
            madeOf = slots.size();
            dependents = new HashMap<>();
            slots.values().forEach(s -> s.spec.dependsOn().forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(s)));
        }
        for (var it = pending.iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            if (!slot.alive()) {
                it.remove(); // signalled, ended or never started: nothing makes it run again during a stop
            } else if (!hasLiveDependent(slot)) {
                stop.accept(slot);
                it.remove();
            }
        }
    }

    private boolean hasLiveDependent(Slot slot) {
        return dependents.getOrDefault(slot.name(), List.of()).stream().anyMatch(s -> s.state.hasLiveChild());
    }
}

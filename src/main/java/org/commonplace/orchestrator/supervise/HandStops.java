package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stops a client asked for (or a reload's removals), and the stop half of a restart by hand:
 * dependents first among those stopping, and a process to restart only once what is bound to it
 * ({@code "restart": true}) has exited. Loop thread only.
 */
final class HandStops {
    private final Map<String, Slot> slots;
    private final Dependencies dependencies;
    private final Consumer<Slot> stop;

    /** @param stop applies {@link Transitions.Trigger#STOP} to a slot */
    HandStops(Map<String, Slot> slots, Dependencies dependencies, Consumer<Slot> stop) {
        this.slots = slots;
        this.dependencies = dependencies;
        this.stop = stop;
    }

    /** Stops, after every event, what may stop now. */
    void advance() {
        for (Slot slot : new ArrayList<>(slots.values()).reversed()) {
            if (handStopped(slot) && slot.alive() && noHandStoppedDependentAlive(slot) && !dependencies.boundDependentsAlive(slot)) {
                stop.accept(slot);
            } else if (slot.intent.kind() == Intent.Kind.RESTART && slot.alive() && !dependencies.boundDependentsAlive(slot)) {
                stop.accept(slot);
            }
        }
    }

    private boolean noHandStoppedDependentAlive(Slot slot) {
        return slots.values().stream().noneMatch(s -> handStopped(s) && s.state.hasLiveChild() && s.spec.dependsOn().contains(slot.name()));
    }

    private static boolean handStopped(Slot slot) {
        return slot.stoppedByHand() || slot.removed();
    }
}

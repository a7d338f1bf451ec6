package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * Starts what may start now, at most {@link #START_BATCH} children per turn of the loop. A larger
 * start (1,000 processes) goes on in the next turn, through a {@link Event.StartMore} posted behind
 * whatever is queued already: a stop request that arrives meanwhile is served first and ends the
 * starting (nothing further is spawned), and {@code ps} answers while a big start goes on. Before
 * the batches a Ctrl+C 0.9 s into starting 1,000 processes waited for all of them (9.7 s).
 * Supervisor thread only.
 */
final class StartBatches {
    /** At most this many children are started per turn of the loop. */
    static final int START_BATCH = 32;

    private final Map<String, Slot> slots;
    private final Dependencies dependencies;
    private final Actions actions;
    private final Transition apply;
    private final Consumer<Event> post;
    /** Whether a {@link Event.StartMore} is queued: one is enough, however many events come before it. */
    private boolean morePosted;

    /** Applies a trigger to a slot (the supervisor's transitions). */
    @FunctionalInterface
    interface Transition {
        void apply(Slot slot, Trigger trigger);
    }

    StartBatches(Map<String, Slot> slots, Dependencies dependencies, Actions actions, Transition apply, Consumer<Event> post) {
        this.slots = slots;
        this.dependencies = dependencies;
        this.actions = actions;
        this.apply = apply;
        this.post = post;
    }

    /** The {@link Event.StartMore} posted earlier has come: the next batch may be posted for. */
    void onStartMore() {
        morePosted = false;
    }

    void startReady() {
        // Every process that may start now is started side by side first (2,000 at once: figure I);
        // the loop below then spawns each as before, with its child already there.
        var startable = new ArrayList<Slot>();
        for (Slot slot : slots.values()) {
            if (slot.state == ProcessState.WAITING && dependencies.unmet(slot).isEmpty()) {
                startable.add(slot);
                if (startable.size() == START_BATCH) {
                    break;
                }
            }
        }
        if (startable.size() > 1) {
            actions.prelaunch(startable);
        }
        int started = 0;
        boolean more = false;
        for (Slot slot : slots.values()) {
            if (slot.state != ProcessState.WAITING) {
                continue;
            }
            List<String> unmet = dependencies.unmet(slot);
            if (!unmet.isEmpty()) {
                dependencies.stillWaiting(slot, unmet);
            } else if (slot.prelaunched != null || started < START_BATCH) {
                // A child started side by side above is always taken, or it would run unsupervised.
                started++;
                dependencies.starting(slot);
                apply.apply(slot, Trigger.DEPENDENCIES_MET);
            } else {
                more = true;
            }
        }
        if (more && !morePosted) {
            morePosted = true;
            post.accept(new Event.StartMore());
        }
    }
}

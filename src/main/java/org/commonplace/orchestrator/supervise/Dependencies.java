package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.config.RemoteDependency;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;

/**
 * What a waiting process waits for: its local dependencies (ready, or finished their job) and its
 * remote ones ({@code INSTANCE/NAME}, as the broker last said), and what is said about the wait (once,
 * then reminders; "will never start" when a dependency ended for good). Owned by the loop thread.
 */
final class Dependencies {
    /**
     * The waiting processes already told that a dependency ended for good without doing its part (said
     * once, until the dependency comes back). Weak: a slot a reload dropped is forgotten with it.
     */
    private final java.util.Set<Slot> saidNeverStarts = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    private final Map<String, Slot> slots;
    private final RemoteGate remote;
    private final WaitNotices waitNotices;
    private final Console console;

    Dependencies(Map<String, Slot> slots, RemoteGate remote, WaitNotices waitNotices, Console console) {
        this.slots = slots;
        this.remote = remote;
        this.waitNotices = waitNotices;
        this.console = console;
    }

    /** {@return the dependencies of {@code slot} that do not let it start yet} */
    List<String> unmet(Slot slot) {
        var unmet = new ArrayList<String>();
        for (String dep : slot.spec.dependsOn()) {
            Slot d = slots.get(dep);
            if (d != null ? !d.satisfiesDependents() : RemoteDependency.isRemote(dep) && !remote.satisfied(dep)) {
                unmet.add(dep);
            }
        }
        return unmet;
    }

    /** {@return whether {@code slot} waits for another machine (then the orchestrator waits with it)} */
    boolean waitsForRemote(Slot slot) {
        return slot.state == ProcessState.WAITING && lost(slot, slot.spec.dependsOn()).isEmpty()
                && slot.spec.dependsOn().stream().anyMatch(d -> RemoteDependency.isRemote(d) && !remote.satisfied(d));
    }

    /** {@code slot} still waits for {@code unmet} (not empty): says so, or that it never will start. */
    void stillWaiting(Slot slot, List<String> unmet) {
        List<String> lost = lost(slot, unmet);
        if (lost.isEmpty()) {
            saidNeverStarts.remove(slot);
            waitNotices.waiting(slot, unmet);
            return;
        }
        // A dependency that ended for good without doing its part never will: say so once.
        if (saidNeverStarts.add(slot)) {
            if (lost.stream().allMatch(d -> slots.get(d).stoppedByHand())) {
                // Stopped by hand: not ended for good, only until a client starts it again.
                console.info(slot.name() + " waits for " + waitNotices.describe(lost) + ";"
                        + " `start " + String.join(" ", lost) + "` starts " + (lost.size() == 1 ? "it" : "them") + " again");
            } else if (lost.stream().allMatch(d -> slots.get(d).gaveUp())) {
                // Given up after max_restarts: a start by hand may bring it back.
                console.error(slot.name() + " keeps waiting: " + waitNotices.describe(lost) + " gave up;"
                        + " `start " + String.join(" ", lost) + "` starts it again");
            } else {
                console.error(slot.name() + " will never start: " + waitNotices.describe(lost) + " ended for good");
            }
        }
    }

    /** {@return the local dependencies among {@code deps} that ended (for good, or until started by hand) without doing their part} */
    private List<String> lost(Slot slot, List<String> deps) {
        return deps.stream().filter(d -> slots.containsKey(d) && slots.get(d).state.isFinal() && !slots.get(d).satisfiesDependents()).toList();
    }

    /** {@return the dependencies in words: "store (http http://localhost:5199/health), b/db (remote: instance b is offline)"} */
    String describe(List<String> names) {
        return waitNotices.describe(names);
    }

    /** A reminder fell due: says the wait again if {@code slot} still waits. */
    void remind(Slot slot, boolean stopping) {
        if (slot == null || stopping || slot.state != ProcessState.WAITING || slot.waitReminderMs == 0 || saidNeverStarts.contains(slot)) {
            return;
        }
        List<String> unmet = unmet(slot);
        if (!unmet.isEmpty()) {
            waitNotices.remind(slot, unmet);
        }
    }

    /** The broker said something new of a remote dependency. */
    void remoteChanged(Event.RemoteDependency news) {
        remote.update(news, slots.values().stream()
                .filter(s -> s.state.hasLiveChild() && s.spec.dependsOn().contains(news.dependency())).map(Slot::name).toList());
    }
}

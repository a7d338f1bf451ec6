package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * Where a process that a client sent to run ({@code start}, {@code restart}) stands: it got there;
 * it is on its way by itself (starting, stopping to start again, waiting for a dependency that is
 * itself on its way, or restarting with a {@code max_restarts} that ends the loop either way); or it
 * cannot get there now. Then it waits for something that may never come by itself — a remote
 * dependency that is not ready, a dependency restarting without {@code max_restarts} — or it failed:
 * it gave up, or a dependency did or ended for good. A reply waits only while the process is on its
 * way, so every command is answered. Loop thread only.
 */
final class StartProgress {
    /** How far a process got. */
    enum Stage {
        /** Running (or, a one-shot job, finished its job) since the command. */
        ARRIVED,
        /** Not yet, but it will get somewhere by itself: the reply waits. */
        ON_ITS_WAY,
        /** Not now: it waits for what may never come by itself. */
        WAITING,
        /** Not without another command: it, or a dependency, ended for good. */
        FAILED
    }

    /** A stage and the line that says it ("started web (pid 4242)", "web waits for b/db (remote: ...)"). */
    record Verdict(Stage stage, String line) {
    }

    private static final Verdict ON_ITS_WAY = new Verdict(Stage.ON_ITS_WAY, "");

    private final Map<String, Slot> slots;
    private final Dependencies dependencies;
    private final Ticker ticker;

    StartProgress(Map<String, Slot> slots, Dependencies dependencies, Ticker ticker) {
        this.slots = slots;
        this.dependencies = dependencies;
        this.ticker = ticker;
    }

    /**
     * {@return where {@code name} stands}
     *
     * @param fromRunId its run when the command was taken (a later run is a start since)
     * @param verb      "started" or "restarted", for the line of one that arrived
     */
    Verdict of(String name, int fromRunId, String verb) {
        Slot slot = slots.get(name);
        if (slot == null || slot.removed()) {
            return new Verdict(Stage.FAILED, name + " was removed by a reload");
        }
        boolean since = slot.runId != fromRunId;
        return switch (slot.state) {
            case RUNNING -> since ? new Verdict(Stage.ARRIVED, verb + " " + name + " (pid " + slot.child.pid() + ")") : ON_ITS_WAY;
            case STARTING, STOPPING -> ON_ITS_WAY;
            case PAUSED -> new Verdict(Stage.WAITING, name + " is paused (stopped by a signal); it runs nothing until continued"
                    + " (kill -CONT " + slot.child.pid() + ")");
            case WAITING -> blocked(slot, new HashSet<>()).orElse(ON_ITS_WAY);
            case BACKING_OFF -> slot.spec.restart().limited() ? ON_ITS_WAY
                    : new Verdict(Stage.WAITING, name + " " + ended(slot) + "; restarting in "
                            + Math.max(0, slot.nextRestartAtMs - ticker.millis()) + " ms");
            case STOPPED -> stopped(slot, since);
            case FAILED -> new Verdict(Stage.FAILED, slot.gaveUp()
                    ? name + " gave up after " + restarts(slot.spec.restart().maxRestarts()) + " (" + ended(slot) + "); now failed"
                    : name + " " + ended(slot) + "; it is failed");
        };
    }

    private static Verdict stopped(Slot slot, boolean since) {
        String name = slot.name();
        if (slot.stoppedByHand()) {
            return new Verdict(Stage.FAILED, name + " was stopped by hand");
        }
        if (since && slot.completed()) {
            return new Verdict(Stage.ARRIVED, name + " completed (exit code " + slot.lastExit.code() + ")");
        }
        if (since && slot.satisfiesDependents()) {
            return new Verdict(Stage.ARRIVED, name + " " + ended(slot) + "; its job is done");
        }
        return new Verdict(Stage.FAILED, name + " " + ended(slot) + "; it is stopped");
    }

    /** Why a WAITING process cannot start now: its stage, and the words after its name ("waits for b/db (...)"). */
    private record Block(Stage stage, String words) {
    }

    /**
     * {@return why the WAITING {@code slot} cannot start now, or empty while every unmet dependency is
     * on its way}: a dependency that ended for good fails it, one that may never come makes it wait.
     */
    private Optional<Verdict> blocked(Slot slot, Set<Slot> seen) {
        return block(slot, seen).map(b -> new Verdict(b.stage(), slot.name() + " " + b.words()
                + (b.stage() == Stage.WAITING ? "; it starts once that is ready" : "")));
    }

    private Optional<Block> block(Slot slot, Set<Slot> seen) {
        var gone = new ArrayList<String>();
        var stuck = new ArrayList<String>();
        var failedBehind = new ArrayList<String>();
        var waitingBehind = new ArrayList<String>();
        for (String dep : dependencies.unmet(slot)) {
            Slot d = slots.get(dep);
            if (d == null) {
                stuck.add(dep); // remote, and not ready
                continue;
            }
            switch (d.state) {
                case PAUSED -> stuck.add(dep); // runs nothing until continued
                case STARTING, STOPPING, RUNNING -> {
                    // on its way (a one-shot job at work is RUNNING and not yet done)
                }
                case BACKING_OFF -> {
                    if (!d.spec.restart().limited()) {
                        stuck.add(dep);
                    }
                }
                case STOPPED, FAILED -> gone.add(dep);
                case WAITING -> {
                    if (seen.add(d)) {
                        block(d, seen).ifPresent(b -> (b.stage() == Stage.FAILED ? failedBehind : waitingBehind)
                                .add(dep + (b.stage() == Stage.FAILED ? " " : ", which ") + b.words()));
                    }
                }
            }
        }
        if (!gone.isEmpty() || !failedBehind.isEmpty()) {
            var reasons = new ArrayList<String>();
            if (!gone.isEmpty()) {
                boolean gaveUp = gone.stream().allMatch(d -> slots.get(d).gaveUp());
                boolean byHand = gone.stream().allMatch(d -> slots.get(d).stoppedByHand());
                String again = "; `start " + String.join(" ", gone) + "` starts " + (gone.size() == 1 ? "it" : "them") + " again";
                reasons.add(dependencies.describe(gone) + (gaveUp ? " gave up" + again
                        : byHand ? (gone.size() == 1 ? " was" : " were") + " stopped by hand" + again
                        : (gone.size() == 1 ? " has" : " have") + " ended and will not start by itself"));
            }
            reasons.addAll(failedBehind);
            return Optional.of(new Block(Stage.FAILED, "cannot start: " + String.join("; ", reasons)));
        }
        if (!stuck.isEmpty() || !waitingBehind.isEmpty()) {
            var parts = new ArrayList<String>();
            if (!stuck.isEmpty()) {
                parts.add(dependencies.describe(stuck));
            }
            parts.addAll(waitingBehind);
            return Optional.of(new Block(Stage.WAITING, "waits for " + String.join(", ", parts)));
        }
        return Optional.empty();
    }

    private static String ended(Slot slot) {
        return slot.lastExit == null ? "ended" : Actions.describe(slot.lastExit);
    }

    private static String restarts(int n) {
        return n + (n == 1 ? " restart" : " restarts");
    }
}

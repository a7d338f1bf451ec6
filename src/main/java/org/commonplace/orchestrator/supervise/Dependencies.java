package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.Dependency;
import org.commonplace.orchestrator.config.RemoteDependency;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Backoff;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * What a waiting process waits for: its local dependencies (each met by its condition: ready, started,
 * completed; see {@link Dependency}) and its remote ones ({@code INSTANCE/NAME}, as the broker last said),
 * and what is said about the wait (once, then reminders; "will never start" when a dependency ended for
 * good). A dependency that is not required and ended for good, or one whose {@code timeout_ms} passed,
 * no longer holds its dependent back. A dependency that binds its dependent ({@code "restart": true})
 * and restarts in a loop holds it back until it has run {@link Backoff#STABLE_RUN_MS}: dependents wait
 * once, instead of following every restart. Owned by the loop thread.
 */
final class Dependencies {
    /**
     * The waiting processes already told that a dependency ended for good without doing its part (said
     * once, until the dependency comes back). Weak: a slot a reload dropped is forgotten with it.
     */
    private final java.util.Set<Slot> saidNeverStarts = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    /** The (dependent, dependency, run) for which a wake-up is scheduled already: each once. Weak, as above. */
    private final java.util.Map<Slot, java.util.Set<String>> woken = new java.util.WeakHashMap<>();
    private final Map<String, Slot> slots;
    private final RemoteGate remote;
    private final WaitNotices waitNotices;
    private final Console console;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Consumer<Event> post;

    Dependencies(Map<String, Slot> slots, RemoteGate remote, WaitNotices waitNotices, Console console, Ticker ticker,
                 Scheduler scheduler, Consumer<Event> post) {
        this.slots = slots;
        this.remote = remote;
        this.waitNotices = waitNotices;
        this.console = console;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.post = post;
    }

    /** {@return the dependencies of {@code slot} that do not let it start yet} */
    List<String> unmet(Slot slot) {
        var unmet = new ArrayList<String>();
        for (String dep : slot.spec.dependsOn()) {
            Slot d = slots.get(dep);
            if (d != null ? !met(slot, dep, d)
                    : RemoteDependency.isRemote(dep) && !remote.satisfied(dep) && !timedOut(slot, slot.spec.conditions().of(dep))) {
                unmet.add(dep);
            }
        }
        return unmet;
    }

    /** {@return whether {@code d} lets {@code slot} start: its condition holds, or it no longer holds it back} */
    private boolean met(Slot slot, String dep, Slot d) {
        Dependency how = slot.spec.conditions().of(dep);
        if (conditionHolds(d, how.condition()) && !heldBack(d, how)) {
            return true;
        }
        // Not required: one that ended for good (failed, given up) does not block; nor one whose timeout passed.
        return !how.required() && d.state.isFinal() && !d.stoppedByHand() || timedOut(slot, how);
    }

    /** {@return whether {@code d} is as {@code condition} asks} */
    static boolean conditionHolds(Slot d, Dependency.Condition condition) {
        return switch (condition) {
            case SERVICE_STARTED -> d.alive() || d.satisfiesDependents();
            case SERVICE_HEALTHY -> d.satisfiesDependents();
            case SERVICE_COMPLETED_SUCCESSFULLY -> d.state == ProcessState.STOPPED && d.lastExit != null && d.spec.succeeded(d.lastExit);
            case SERVICE_COMPLETED -> d.state.isFinal() && d.lastExit != null && d.lastExit.exitedWith(d.lastExit.code());
        };
    }

    /**
     * A dependency that binds its dependent is not met while it is about to go down (the dependent would
     * be stopped again at once), nor, when it restarts in a loop, until it has held up.
     */
    private boolean heldBack(Slot d, Dependency how) {
        return how.restart() && (goingDown(d)
                || d.alive() && d.restarts.attempt() >= 2 && ticker.millis() - d.startedAtMs < Backoff.STABLE_RUN_MS);
    }

    /** {@return whether {@code d} is about to stop: to restart, after a failure, by hand, or removed} */
    private static boolean goingDown(Slot d) {
        return d.intent.startsAgain() || d.intent.kind() == Intent.Kind.RECOVER || d.stoppedByHand() || d.removed();
    }

    private boolean timedOut(Slot slot, Dependency how) {
        return how.hasTimeout() && slot.state == ProcessState.WAITING && slot.waitingSinceMs != 0
                && ticker.millis() - slot.waitingSinceMs >= how.timeoutMs();
    }

    /**
     * {@code slot} starts now: says which dependencies it starts without (a timeout passed, or one not
     * required ended for good), and notes the ones it is bound to ({@code "restart": true}) that are up.
     */
    void starting(Slot slot) {
        var bound = new ArrayList<String>();
        for (String dep : slot.spec.dependsOn()) {
            Slot d = slots.get(dep);
            Dependency how = slot.spec.conditions().of(dep);
            if (d == null) {
                if (RemoteDependency.isRemote(dep) && !remote.satisfied(dep) && timedOut(slot, how)) {
                    console.info(slot.name() + " goes on without " + waitNotices.describe(List.of(dep)) + ": not ready after "
                            + how.timeoutMs() + " ms (timeout_ms)");
                }
                continue;
            }
            if (conditionHolds(d, how.condition())) {
                if (how.restart()) {
                    bound.add(dep);
                }
            } else if (timedOut(slot, how)) {
                console.info(slot.name() + " goes on without " + waitNotices.describe(List.of(dep)) + ": not "
                        + how.condition().word() + " after " + how.timeoutMs() + " ms (timeout_ms)");
            } else {
                console.info(slot.name() + " goes on without " + waitNotices.describe(List.of(dep)) + " (required: false)");
            }
        }
        slot.boundTo = List.copyOf(bound);
    }

    /**
     * {@return the dependency {@code slot} is bound to ({@code "restart": true}) that goes down, if one
     * does}: it stopped or is about to (restart, reload, recovery, a stop by hand), or no longer meets
     * its condition
     */
    Optional<String> boundDependencyDown(Slot slot) {
        for (String dep : slot.boundTo) {
            Slot d = slots.get(dep);
            if (d != null && (goingDown(d) || !conditionHolds(d, slot.spec.conditions().of(dep).condition()))) {
                return Optional.of(dep);
            }
        }
        return Optional.empty();
    }

    /** {@return whether a process bound to {@code slot} ({@code "restart": true}) still has a live child} */
    boolean boundDependentsAlive(Slot slot) {
        return slots.values().stream().anyMatch(s -> s.state.hasLiveChild() && s.boundTo.contains(slot.name()));
    }

    /** {@return whether {@code slot} waits for another machine (then the orchestrator waits with it)} */
    boolean waitsForRemote(Slot slot) {
        return slot.state == ProcessState.WAITING && lost(slot, slot.spec.dependsOn()).isEmpty()
                && slot.spec.dependsOn().stream().anyMatch(d -> RemoteDependency.isRemote(d) && !remote.satisfied(d));
    }

    /** {@code slot} still waits for {@code unmet} (not empty): says so, or that it never will start. */
    void stillWaiting(Slot slot, List<String> unmet) {
        if (slot.waitingSinceMs == 0) {
            slot.waitingSinceMs = ticker.millis();
        }
        wakeUps(slot, unmet);
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

    /**
     * Schedules a turn of the loop when a timeout of the wait falls due, or when a dependency that
     * restarted in a loop has held up: nothing else would happen then. Each once per wait, or per run.
     */
    private void wakeUps(Slot slot, List<String> unmet) {
        for (String dep : unmet) {
            Slot d = slots.get(dep);
            Dependency how = slot.spec.conditions().of(dep);
            long dueMs = -1;
            String key = null;
            if (how.hasTimeout()) {
                dueMs = slot.waitingSinceMs + how.timeoutMs();
                key = dep + "@wait" + slot.waitingSinceMs;
            }
            if (d != null && heldBack(d, how) && !goingDown(d)) {
                dueMs = d.startedAtMs + Backoff.STABLE_RUN_MS;
                key = dep + "@run" + d.runId;
                if (woken.computeIfAbsent(slot, s -> new java.util.HashSet<>()).add(key + "said")) {
                    console.info(slot.name() + " waits for " + dep + " to hold up: it restarted " + d.restarts.attempt()
                            + " times in a row; " + slot.name() + " starts once " + dep + " has run " + Actions.duration(Backoff.STABLE_RUN_MS));
                }
            }
            if (key != null && woken.computeIfAbsent(slot, s -> new java.util.HashSet<>()).add(key)) {
                if (woken.get(slot).size() > 64) {
                    woken.get(slot).clear(); // a bound: old waits and runs are over
                    woken.get(slot).add(key);
                }
                scheduler.schedule(Math.max(0, dueMs - ticker.millis()), () -> post.accept(new Event.Call(() -> { })));
            }
        }
    }

    /** {@return the local dependencies among {@code deps} that ended (for good, or until started by hand) without doing their part} */
    private List<String> lost(Slot slot, List<String> deps) {
        return deps.stream().filter(d -> slots.containsKey(d) && slots.get(d).state.isFinal()
                && !conditionHolds(slots.get(d), slot.spec.conditions().of(d).condition())
                && !slot.spec.conditions().of(d).hasTimeout()).toList();
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

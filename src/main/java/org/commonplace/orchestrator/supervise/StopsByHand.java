package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * A client's {@code stop NAME…}: what depends on each (stopped too with {@code --with-dependents},
 * else named in a warning), each sent {@link Trigger#STOP_BY_HAND} through the table, and the reply
 * once every one has stopped or was sent elsewhere by a later command. Loop thread only.
 */
final class StopsByHand {
    private final Supervisor supervisor;
    private final Console console;
    private final PendingReplies pending;
    private final Supplier<List<ProcessSnapshot>> snapshots;

    StopsByHand(Supervisor supervisor, Console console, PendingReplies pending, Supplier<List<ProcessSnapshot>> snapshots) {
        this.supervisor = supervisor;
        this.console = console;
        this.pending = pending;
        this.snapshots = snapshots;
    }

    void stop(List<String> names, boolean withDependents, CompletableFuture<CommandReply> reply) {
        var targets = new LinkedHashSet<Slot>();
        var warnings = new ArrayList<String>();
        var lines = new ArrayList<String>();
        for (String name : names) {
            Slot slot = supervisor.slots.get(name); // a known name: ClientCommands refused the unknown ones
            if (slot.completed()) {
                // A one-shot job that did its job is left alone: nothing runs, and what depends on it may.
                lines.add(name + " completed its job; nothing to stop");
                continue;
            }
            targets.add(slot);
            var dependents = liveDependents(slot);
            if (withDependents) {
                targets.addAll(dependents);
            } else if (!dependents.isEmpty()) {
                warnings.add(String.join(", ", dependents.stream().map(Slot::name).toList())
                        + (dependents.size() == 1 ? " depends" : " depend") + " on " + name
                        + " and " + (dependents.size() == 1 ? "keeps" : "keep") + " running (--with-dependents stops "
                        + (dependents.size() == 1 ? "it" : "them") + " first)");
            }
        }
        var already = new LinkedHashSet<Slot>();
        for (Slot slot : targets) {
            if (slot.state.isFinal()) {
                already.add(slot);
                lines.add(slot.name() + " is already " + slot.state.name().toLowerCase(java.util.Locale.ROOT));
            }
            supervisor.apply(slot, Trigger.STOP_BY_HAND, null);
        }
        if (!targets.isEmpty()) {
            console.info("stopping " + String.join(", ", targets.stream().map(Slot::name).toList()) + " (asked by a client)");
        }
        pending.await(reply, () -> stopped(targets, already, lines, warnings));
    }

    /**
     * {@return the answer to a stop once every process of it has stopped, or was sent elsewhere by a
     * later command (a start, a restart, a reload), or empty while one still stops}
     */
    private Optional<CommandReply> stopped(Set<Slot> targets, Set<Slot> already, List<String> said, List<String> warnings) {
        if (targets.stream().anyMatch(s -> !s.state.isFinal() && s.intent.stopsForGood())) {
            return Optional.empty();
        }
        var lines = new ArrayList<>(said);
        for (Slot slot : targets) {
            if (already.contains(slot)) {
                continue;
            }
            if (slot.state.isFinal() && slot.intent.stopsForGood()) {
                lines.add("stopped " + slot.name() + (slot.lastExit == null ? "" : " (" + Actions.brief(slot.lastExit) + ")"));
            } else if (slot.completed()) {
                lines.add(slot.name() + " completed its job before it was stopped"); // its stop waited for dependents
            } else {
                lines.add(slot.name() + " was started again by a later command");
            }
        }
        return Optional.of(CommandReply.done(lines, warnings, snapshots.get()));
    }

    /** {@return the processes that depend on {@code slot}, transitively, and have a live child or are waiting} */
    private List<Slot> liveDependents(Slot slot) {
        var found = new LinkedHashSet<Slot>();
        var todo = new ArrayList<>(List.of(slot));
        while (!todo.isEmpty()) {
            String name = todo.removeLast().name();
            for (Slot s : supervisor.slots.values()) {
                if (!s.removed() && s.spec.dependsOn().contains(name) && found.add(s)) {
                    todo.add(s);
                }
            }
        }
        return found.stream().filter(s -> s.state.hasLiveChild() || s.state == ProcessState.BACKING_OFF).toList();
    }

}

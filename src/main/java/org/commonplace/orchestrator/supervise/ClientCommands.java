package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * Carries out clients' {@link Command}s on the loop thread, and answers them: at once, or (start,
 * stop, restart) once every process concerned has got where it was sent or cannot get there now
 * ({@link StartProgress}), checked after each event. Replies that wait are bounded ({@link
 * PendingReplies}): a command that would make one too many is refused {@code busy} before anything
 * is done. Changes state only through the supervisor's transition table.
 */
final class ClientCommands {
    private final Supervisor supervisor;
    private final Console console;
    /** Replies that wait for processes to get somewhere. */
    private final PendingReplies pending = new PendingReplies();
    private final StartProgress progress;
    private final Reload reload;
    private final Scale scale;
    private final Waits waits;
    private final StopsByHand stops;

    ClientCommands(Supervisor supervisor, Dependencies dependencies, Ticker ticker, Console console) {
        this.supervisor = supervisor;
        this.console = console;
        this.progress = new StartProgress(supervisor.slots, dependencies, ticker);
        this.reload = new Reload(supervisor, console, this::snapshots);
        this.scale = new Scale(supervisor, reload);
        this.waits = new Waits(supervisor.slots, progress, () -> supervisor.stopping, this::snapshots);
        this.stops = new StopsByHand(supervisor, console, pending, this::snapshots);
    }

    void handle(Command command, CompletableFuture<CommandReply> reply) {
        if (command instanceof Command.Snapshot) {
            reply.complete(CommandReply.done(List.of(), List.of(), snapshots()));
            return;
        }
        if (command instanceof Command.Shutdown s) {
            supervisor.post(new Event.StopRequested(s.reason(), false));
            reply.complete(CommandReply.done(List.of("stopping all processes (dependents first)"), List.of(), snapshots()));
            return;
        }
        if (supervisor.stopping) {
            reply.complete(CommandReply.refused("stopping", "the orchestrator is stopping", snapshots()));
            return;
        }
        if (command instanceof Command.RestartForChange c) {
            reply.complete(restartForChange(c)); // answered at once: takes no place among the waiting replies
            return;
        }
        List<String> names = switch (command) {
            case Command.Start s -> s.names();
            case Command.Stop s -> s.names();
            case Command.Restart s -> s.names();
            case Command.Signal s -> s.names();
            case Command.Wait w -> w.names();
            default -> List.of();
        };
        var unknown = names.stream().filter(n -> slot(n) == null).toList();
        if (!unknown.isEmpty()) {
            List<ProcessSnapshot> processes = snapshots();
            reply.complete(UnknownNames.refusal(unknown, processes.stream().map(ProcessSnapshot::name).toList(), processes));
            return;
        }
        if (!(command instanceof Command.Reload || command instanceof Command.Scale) && pending.full()) {
            // Refused before anything is done: the client may send it again once others have their answer.
            reply.complete(CommandReply.refused("busy", PendingReplies.MAX + " commands wait for their processes already;"
                    + " try again once some have their answer", snapshots()));
            return;
        }
        switch (command) {
            case Command.Start s -> start(s.names(), reply);
            case Command.Stop s -> stops.stop(s.names(), s.withDependents(), reply);
            case Command.Restart s -> restart(s.names(), reply);
            case Command.Signal s -> reply.complete(Signals.send(s, supervisor.slots, console, this::snapshots));
            case Command.Wait w -> pending.await(reply, () -> waits.check(w.names()));
            case Command.Reload r -> {
                supervisor.announce(SnapshotListener.Milestone.RELOADING);
                CommandReply done = reload.apply(r.processes());
                supervisor.announce(SnapshotListener.Milestone.RELOADED);
                reply.complete(done);
            }
            case Command.Scale s -> reply.complete(scale.apply(s, snapshots()));
            default -> throw new IllegalStateException("unexpected " + command);
        }
    }

    /** A slot that is supervised (not one a reload removed and that still stops). */
    private Slot slot(String name) {
        Slot slot = supervisor.slots.get(name);
        return slot == null || slot.removed() ? null : slot;
    }

    private void start(List<String> names, CompletableFuture<CommandReply> reply) {
        var from = new LinkedHashMap<String, Integer>();
        var lines = new ArrayList<String>();
        for (String name : names) {
            Slot slot = slot(name);
            if (slot.alive()) {
                supervisor.apply(slot, Trigger.START, null); // calls off a stop by hand that waits for dependents
                long pid = slot.child.pid();
                lines.add(slot.state == ProcessState.PAUSED ? name + " is paused (pid " + pid + "); kill -CONT " + pid + " continues it"
                        : name + " is already running (pid " + pid + ")");
                continue;
            }
            startDependencies(slot, lines);
            from.put(name, slot.runId);
            startOne(slot, Trigger.START);
        }
        awaitStarted(from, lines, "started", reply);
    }

    private void restart(List<String> names, CompletableFuture<CommandReply> reply) {
        var from = new LinkedHashMap<String, Integer>();
        var lines = new ArrayList<String>();
        for (String name : names) {
            Slot slot = slot(name);
            startDependencies(slot, lines);
            from.put(name, slot.runId);
            if (slot.alive()) {
                console.info("restarting " + name + " (asked by a client)");
            }
            startOne(slot, Trigger.RESTART);
        }
        awaitStarted(from, lines, "restarted", reply);
    }

    /** A watched file changed: the restart of {@code restart NAME}, told with the file, for what is up or meant to be. */
    private CommandReply restartForChange(Command.RestartForChange c) {
        Slot slot = slot(c.name());
        if (slot == null) {
            return CommandReply.refused("unknown_process", c.name() + " is no longer supervised", snapshots()); // a reload removed it
        }
        if (slot.stoppedByHand()) {
            console.info(c.name() + ": " + c.change() + "; not restarted: it was stopped by hand");
            return CommandReply.done(List.of(), List.of(), snapshots());
        }
        if (slot.state == ProcessState.WAITING) {
            return CommandReply.done(List.of(), List.of(), snapshots()); // it starts with the file as it is now
        }
        console.info("restarting " + c.name() + ": " + c.change());
        supervisor.apply(slot, Trigger.RESTART, null);
        return CommandReply.done(List.of("restarting " + c.name()), List.of(), snapshots());
    }

    /** Starts (or restarts) a process: at once, or once it has stopped, as the table says. */
    private void startOne(Slot slot, Trigger trigger) {
        if (slot.state.isFinal() || slot.state == ProcessState.BACKING_OFF) {
            console.info("starting " + slot.name() + " (asked by a client)");
        }
        supervisor.apply(slot, trigger, null);
    }

    /**
     * Starts the processes {@code slot} depends on, transitively, dependencies first, that are down or
     * are to be stopped by hand (a later command wins: the stop is called off).
     */
    private void startDependencies(Slot slot, List<String> lines) {
        var needed = new LinkedHashSet<Slot>();
        collectStoppedDependencies(slot, needed);
        for (Slot dep : supervisor.slots.values()) {
            if (needed.contains(dep)) {
                lines.add((dep.alive() ? "keeping " + dep.name() + " running" : "starting " + dep.name() + " first")
                        + " (" + slot.name() + " depends on it)");
                startOne(dep, Trigger.START);
            }
        }
    }

    private void collectStoppedDependencies(Slot slot, Set<Slot> into) {
        for (String name : slot.spec.dependsOn()) {
            Slot dep = slot(name);
            if (dep == null || into.contains(dep)) {
                continue;
            }
            boolean down = dep.state.isFinal() ? !dep.satisfiesDependents() : dep.stoppedByHand();
            if (down) {
                into.add(dep);
            }
            collectStoppedDependencies(dep, into);
        }
    }

    /**
     * Replies once every process of {@code from} has run again since, or cannot get there now
     * (waiting for what may never come by itself, or failed): see {@link StartProgress}.
     */
    private void awaitStarted(Map<String, Integer> from, List<String> lines, String verb, CompletableFuture<CommandReply> reply) {
        pending.await(reply, () -> {
            if (supervisor.stopping) {
                return Optional.of(CommandReply.refused("stopping", "the orchestrator is stopping", snapshots()));
            }
            var verdicts = new ArrayList<StartProgress.Verdict>();
            for (var e : from.entrySet()) {
                StartProgress.Verdict verdict = progress.of(e.getKey(), e.getValue(), verb);
                if (verdict.stage() == StartProgress.Stage.ON_ITS_WAY) {
                    return Optional.empty();
                }
                verdicts.add(verdict);
            }
            var done = new ArrayList<>(lines);
            verdicts.forEach(v -> done.add(v.line()));
            if (verdicts.stream().anyMatch(v -> v.stage() == StartProgress.Stage.FAILED)) {
                return Optional.of(CommandReply.notDone("failed", done, verdicts, snapshots()));
            }
            if (verdicts.stream().anyMatch(v -> v.stage() == StartProgress.Stage.WAITING)) {
                return Optional.of(CommandReply.notDone("waiting", done, verdicts, snapshots()));
            }
            return Optional.of(CommandReply.done(done, List.of(), snapshots()));
        });
    }

    /** After each event: answers the replies whose processes got where they were sent, or cannot now. */
    void checkPending() {
        pending.checkAll();
    }

    /** The loop ends: whoever still waits hears why. */
    void abandonPending(String why) {
        pending.abandon(() -> CommandReply.refused("stopping", why, snapshots()));
    }

    List<ProcessSnapshot> snapshots() {
        return supervisor.slots.values().stream().filter(s -> !s.removed()).map(supervisor.snapshots::of).toList();
    }
}

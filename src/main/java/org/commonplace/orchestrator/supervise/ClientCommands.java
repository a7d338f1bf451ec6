package org.commonplace.orchestrator.supervise;

import java.time.Instant;
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
import org.commonplace.orchestrator.policy.Restarts;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * Carries out clients' {@link Command}s on the loop thread, and answers them: at once, or (start,
 * stop, restart) once every process concerned has got where it was sent or cannot get there now
 * ({@link StartProgress}), checked after each event. Replies that wait are bounded ({@link
 * PendingReplies}): a command that would make one too many is refused {@code busy} before anything
 * is done. Changes state only through the supervisor's transition table and the slots' flags.
 */
final class ClientCommands {
    private final Supervisor supervisor;
    private final Ticker ticker;
    private final Console console;
    /** Replies that wait for processes to get somewhere. */
    private final PendingReplies pending = new PendingReplies();
    private final StartProgress progress;

    ClientCommands(Supervisor supervisor, Dependencies dependencies, Ticker ticker, Console console) {
        this.supervisor = supervisor;
        this.ticker = ticker;
        this.console = console;
        this.progress = new StartProgress(supervisor.slots, dependencies, ticker);
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
        List<String> names = switch (command) {
            case Command.Start s -> s.names();
            case Command.Stop s -> s.names();
            case Command.Restart s -> s.names();
            default -> List.of();
        };
        var unknown = names.stream().filter(n -> slot(n) == null).toList();
        if (!unknown.isEmpty()) {
            reply.complete(CommandReply.refused("unknown_process", "no process named " + String.join(", ", unknown), snapshots()));
            return;
        }
        if (!(command instanceof Command.Reload) && pending.full()) {
            // Refused before anything is done: the client may send it again once others have their answer.
            reply.complete(CommandReply.refused("busy", PendingReplies.MAX + " commands wait for their processes already;"
                    + " try again once some have their answer", snapshots()));
            return;
        }
        switch (command) {
            case Command.Start s -> start(s.names(), reply);
            case Command.Stop s -> stop(s.names(), s.withDependents(), reply);
            case Command.Restart s -> restart(s.names(), reply);
            case Command.Reload r -> {
                supervisor.announce(SnapshotListener.Milestone.RELOADING);
                CommandReply done = reload(r.processes());
                supervisor.announce(SnapshotListener.Milestone.RELOADED);
                reply.complete(done);
            }
            default -> throw new IllegalStateException("unexpected " + command);
        }
    }

    /** A slot that is supervised (not one a reload removed and that still stops). */
    private Slot slot(String name) {
        Slot slot = supervisor.slots.get(name);
        return slot == null || slot.removed ? null : slot;
    }

    private void start(List<String> names, CompletableFuture<CommandReply> reply) {
        var from = new LinkedHashMap<String, Integer>();
        var lines = new ArrayList<String>();
        for (String name : names) {
            Slot slot = slot(name);
            if (slot.state == ProcessState.RUNNING || slot.state == ProcessState.STARTING) {
                lines.add(name + " is already running (pid " + slot.child.pid() + ")");
                continue;
            }
            startDependencies(slot, lines);
            from.put(name, slot.runId);
            startOne(slot);
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
            if (slot.state == ProcessState.RUNNING || slot.state == ProcessState.STARTING) {
                console.info("restarting " + name + " (asked by a client)");
                slot.startAfterStop = true;
                supervisor.apply(slot, Trigger.STOP, null);
            } else {
                startOne(slot);
            }
        }
        awaitStarted(from, lines, "restarted", reply);
    }

    /** Starts a process that is not running: at once, or once it has stopped. */
    private void startOne(Slot slot) {
        slot.handStop = false;
        if (slot.state == ProcessState.STOPPING) {
            slot.stoppedByHand = false;
            slot.startAfterStop = true;
        } else if (slot.state == ProcessState.WAITING) {
            slot.stoppedByHand = false;
            slot.restarts = Restarts.of(slot.spec.restart());
        } else {
            console.info("starting " + slot.name() + " (asked by a client)");
            supervisor.apply(slot, Trigger.START, null);
        }
    }

    /** Starts the stopped or failed processes {@code slot} depends on, transitively, dependencies first. */
    private void startDependencies(Slot slot, List<String> lines) {
        var needed = new LinkedHashSet<Slot>();
        collectStoppedDependencies(slot, needed);
        for (Slot dep : supervisor.slots.values()) {
            if (needed.contains(dep)) {
                lines.add("starting " + dep.name() + " first (" + slot.name() + " depends on it)");
                startOne(dep);
            }
        }
    }

    private void collectStoppedDependencies(Slot slot, Set<Slot> into) {
        for (String name : slot.spec.dependsOn()) {
            Slot dep = slot(name);
            if (dep == null || into.contains(dep)) {
                continue;
            }
            boolean down = (dep.state.isFinal() && !dep.satisfiesDependents())
                    || (dep.state == ProcessState.STOPPING && dep.handStop);
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

    private void stop(List<String> names, boolean withDependents, CompletableFuture<CommandReply> reply) {
        var targets = new LinkedHashSet<Slot>();
        var warnings = new ArrayList<String>();
        for (String name : names) {
            Slot slot = slot(name);
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
        var already = new ArrayList<String>();
        for (Slot slot : targets) {
            slot.startAfterStop = false;
            if (slot.state.isFinal()) {
                already.add(slot.name() + " is already " + slot.state.name().toLowerCase(java.util.Locale.ROOT));
                slot.stoppedByHand = slot.stoppedByHand || slot.state == ProcessState.STOPPED;
                continue;
            }
            slot.stoppedByHand = true;
            slot.handStop = true;
            if (slot.state == ProcessState.WAITING || slot.state == ProcessState.BACKING_OFF) {
                supervisor.apply(slot, Trigger.STOP, null);
            }
        }
        console.info("stopping " + String.join(", ", targets.stream().map(Slot::name).toList()) + " (asked by a client)");
        pending.await(reply, () -> {
            if (targets.stream().anyMatch(s -> !s.state.isFinal())) {
                return Optional.empty();
            }
            var lines = new ArrayList<>(already);
            for (Slot slot : targets) {
                if (already.stream().noneMatch(a -> a.startsWith(slot.name() + " is already"))) {
                    lines.add("stopped " + slot.name() + (slot.lastExit == null ? "" : " (" + Actions.brief(slot.lastExit) + ")"));
                }
            }
            return Optional.of(CommandReply.done(lines, warnings, snapshots()));
        });
    }

    /** {@return the processes that depend on {@code slot}, transitively, and have a live child or are waiting} */
    private List<Slot> liveDependents(Slot slot) {
        var found = new LinkedHashSet<Slot>();
        var todo = new ArrayList<>(List.of(slot));
        while (!todo.isEmpty()) {
            String name = todo.removeLast().name();
            for (Slot s : supervisor.slots.values()) {
                if (!s.removed && s.spec.dependsOn().contains(name) && found.add(s)) {
                    todo.add(s);
                }
            }
        }
        return found.stream().filter(s -> s.state.hasLiveChild() || s.state == ProcessState.BACKING_OFF).toList();
    }

    /** After each event: answers the replies whose processes got where they were sent, or cannot now. */
    void checkPending() {
        pending.checkAll();
    }

    /** The loop ends: whoever still waits hears why. */
    void abandonPending(String why) {
        pending.abandon(() -> CommandReply.refused("stopping", why, snapshots()));
    }

    /** Applies a reloaded config: see {@link Command.Reload}. */
    private CommandReply reload(List<ManagedProcess> processes) {
        var started = new ArrayList<String>();
        var stopped = new ArrayList<String>();
        var restarted = new ArrayList<String>();
        var updated = new ArrayList<String>();
        var kept = new ArrayList<String>();
        var wanted = new LinkedHashMap<String, ManagedProcess>();
        processes.forEach(p -> wanted.put(p.name(), p));
        var order = new LinkedHashMap<String, Slot>();
        for (ManagedProcess p : processes) {
            Slot slot = supervisor.slots.get(p.name());
            if (slot == null) {
                order.put(p.name(), new Slot(p));
                started.add(p.name());
                continue;
            }
            order.put(p.name(), slot);
            if (slot.removed) {
                // Removed by an earlier reload and still stopping: it comes back with this spec.
                slot.removed = false;
                slot.stoppedByHand = false;
                slot.handStop = false;
                slot.nextSpec = p;
                slot.startAfterStop = true;
                started.add(p.name());
            } else if (!sameLaunch(slot.spec, p)) {
                restarted.add(p.name());
                replaceAndRestart(slot, p, updated, restarted);
            } else if (!slot.spec.equals(p)) {
                boolean newPolicy = !slot.spec.restart().equals(p.restart());
                slot.spec = p;
                if (newPolicy) {
                    slot.restarts = Restarts.of(p.restart());
                }
                updated.add(p.name());
            } else {
                kept.add(p.name());
            }
        }
        var leaving = new ArrayList<Slot>();
        for (Slot slot : supervisor.slots.values()) {
            if (!wanted.containsKey(slot.name())) {
                leaving.add(slot);
                if (!slot.removed) {
                    stopped.add(slot.name());
                    slot.removed = true;
                    supervisor.removals = true;
                    slot.stoppedByHand = true;
                    slot.handStop = true;
                    slot.startAfterStop = false;
                    slot.nextSpec = null;
                    if (slot.state == ProcessState.WAITING || slot.state == ProcessState.BACKING_OFF) {
                        supervisor.apply(slot, Trigger.STOP, null);
                    }
                }
            }
        }
        supervisor.slots.clear();
        supervisor.slots.putAll(order);
        leaving.forEach(s -> supervisor.slots.put(s.name(), s));
        var changes = new LinkedHashMap<String, List<String>>();
        changes.put("started", started);
        changes.put("stopped", stopped);
        changes.put("restarted", restarted);
        changes.put("updated", updated);
        changes.put("kept", kept);
        var lines = new ArrayList<String>();
        changes.forEach((what, names) -> {
            if (!names.isEmpty()) {
                lines.add(what + ": " + String.join(", ", names));
            }
        });
        if (lines.isEmpty()) {
            lines.add("nothing to do");
        }
        console.info("reloaded the config: " + String.join("; ", lines));
        return new CommandReply(true, "", String.join("; ", lines), lines, List.of(), snapshots(), changes);
    }

    /** Whether a process runs the same with either spec (what needs a restart when it changes). */
    private static boolean sameLaunch(ManagedProcess a, ManagedProcess b) {
        return a.launch().equals(b.launch()) && a.stopSignal() == b.stopSignal() && a.stopTimeoutMs() == b.stopTimeoutMs()
                && a.ready().equals(b.ready()) && a.liveness().equals(b.liveness()) && a.maxMemoryMb() == b.maxMemoryMb();
    }

    private void replaceAndRestart(Slot slot, ManagedProcess p, List<String> updated, List<String> restarted) {
        switch (slot.state) {
            case STARTING, RUNNING -> {
                slot.nextSpec = p;
                slot.startAfterStop = true;
                supervisor.apply(slot, Trigger.STOP, null);
            }
            case STOPPING -> {
                slot.nextSpec = p;
                slot.startAfterStop = !slot.stoppedByHand;
            }
            case WAITING -> {
                slot.spec = p;
                slot.restarts = Restarts.of(p.restart());
            }
            case BACKING_OFF, STOPPED, FAILED -> {
                if (slot.stoppedByHand) {
                    slot.spec = p;
                    restarted.remove(p.name());
                    updated.add(p.name());
                } else {
                    slot.nextSpec = p;
                    supervisor.apply(slot, Trigger.START, null);
                }
            }
        }
    }

    List<ProcessSnapshot> snapshots() {
        return supervisor.slots.values().stream().filter(s -> !s.removed).map(this::snapshot).toList();
    }

    ProcessSnapshot snapshot(Slot s) {
        return new ProcessSnapshot(s.name(), s.state, pidOf(s), s.runId > 0 ? Optional.of(wall(s.startedAtMs)) : Optional.empty(),
                Math.max(0, s.runId - 1), Optional.ofNullable(s.lastExit),
                s.lastExit == null ? Optional.empty() : Optional.of(wall(s.lastExitAtMs)),
                s.state == ProcessState.BACKING_OFF ? Optional.of(wall(s.nextRestartAtMs)) : Optional.empty(),
                s.stoppedByHand, s.spec.dependsOn(), HealthChecks.health(s),
                new ProcessSnapshot.RestartWindowCount(s.restarts.counted(ticker.millis()), s.spec.restart().maxRestarts(),
                        s.spec.restart().withinMs()));
    }

    /** {@return the pid a snapshot shows: the live child's, else 0} */
    static long pidOf(Slot s) {
        return s.child != null && s.state.hasLiveChild() ? s.child.pid() : 0;
    }

    /** The wall-clock time of a ticker time. */
    private Instant wall(long tickerMs) {
        return Instant.ofEpochMilli(System.currentTimeMillis() - (ticker.millis() - tickerMs));
    }
}

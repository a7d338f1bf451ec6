package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Restarts;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * Applies a reloaded config ({@link Command.Reload}) on the loop thread: a new process is added, a
 * removed one is stopped and dropped (REMOVE), one whose launch changed is restarted with its new spec
 * (REPLACE), one whose other settings changed takes them at once; and says which is which. Changes
 * state only through the supervisor's transition table.
 */
final class Reload {
    private final Supervisor supervisor;
    private final Console console;
    private final Supplier<List<ProcessSnapshot>> snapshots;

    Reload(Supervisor supervisor, Console console, Supplier<List<ProcessSnapshot>> snapshots) {
        this.supervisor = supervisor;
        this.console = console;
        this.snapshots = snapshots;
    }

    /** What a reload did, by kind of change, in the order they are told. */
    private final class Changes {
        final List<String> started = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final List<String> restarted = new ArrayList<>();
        final List<String> updated = new ArrayList<>();
        final List<String> kept = new ArrayList<>();
    }

    CommandReply apply(List<ManagedProcess> processes) {
        return apply(processes, "reloaded the config");
    }

    /** As a reload; {@code what} opens the line that says what it did ({@code scale} is one too). */
    CommandReply apply(List<ManagedProcess> processes, String what) {
        var changes = new Changes();
        var wanted = new LinkedHashMap<String, ManagedProcess>();
        processes.forEach(p -> wanted.put(p.name(), p));
        var order = new LinkedHashMap<String, Slot>();
        for (ManagedProcess p : processes) {
            Slot slot = supervisor.slots.get(p.name());
            if (slot == null) {
                order.put(p.name(), new Slot(p));
                changes.started.add(p.name());
                continue;
            }
            order.put(p.name(), slot);
            change(slot, p, changes);
        }
        var leaving = new ArrayList<Slot>();
        for (Slot slot : supervisor.slots.values()) {
            if (!wanted.containsKey(slot.name())) {
                leaving.add(slot);
                if (!slot.removed()) {
                    changes.stopped.add(slot.name());
                    supervisor.removals = true;
                    supervisor.apply(slot, Trigger.REMOVE, null);
                }
            }
        }
        supervisor.slots.clear();
        supervisor.slots.putAll(order);
        leaving.forEach(s -> supervisor.slots.put(s.name(), s));
        return reply(changes, what);
    }

    /** A process that is in the old config and the new one. */
    private void change(Slot slot, ManagedProcess p, Changes changes) {
        if (slot.removed()) {
            // Removed by an earlier reload and still stopping: it comes back with this spec.
            changes.started.add(p.name());
            if (slot.alive() && sameLaunch(slot.spec, p)) {
                supervisor.apply(slot, Trigger.START, null); // it runs as it would: it just stays
                update(slot, p);
            } else {
                supervisor.apply(slot, Trigger.REPLACE, null, p);
            }
        } else if (!sameLaunch(slot.spec, p)) {
            boolean byHand = slot.stoppedByHand() && !slot.alive();
            // Stopped by hand it stays stopped (with the new spec): updated, not restarted.
            (byHand ? changes.updated : changes.restarted).add(p.name());
            supervisor.apply(slot, Trigger.REPLACE, null, p);
        } else if (!slot.spec.equals(p)) {
            update(slot, p);
            changes.updated.add(p.name());
        } else {
            changes.kept.add(p.name());
        }
    }

    /** Settings that do not change how it runs take effect at once; a new restart policy gets a fresh backoff. */
    private static void update(Slot slot, ManagedProcess p) {
        boolean newPolicy = !slot.spec.restart().equals(p.restart());
        slot.spec = p;
        if (newPolicy) {
            slot.restarts = Restarts.of(p.restart());
        }
    }

    /** Whether a process runs the same with either spec (what needs a restart when it changes). */
    private static boolean sameLaunch(ManagedProcess a, ManagedProcess b) {
        return a.launch().equals(b.launch()) && a.stopSignal() == b.stopSignal() && a.stopTimeoutMs() == b.stopTimeoutMs()
                && a.ready().equals(b.ready()) && a.liveness().equals(b.liveness()) && a.maxMemoryMb() == b.maxMemoryMb()
                && a.silence().equals(b.silence());
    }

    private CommandReply reply(Changes c, String done) {
        var changes = new LinkedHashMap<String, List<String>>();
        changes.put("started", c.started);
        changes.put("stopped", c.stopped);
        changes.put("restarted", c.restarted);
        changes.put("updated", c.updated);
        changes.put("kept", c.kept);
        var lines = new ArrayList<String>();
        changes.forEach((what, names) -> {
            if (!names.isEmpty()) {
                lines.add(what + ": " + String.join(", ", names));
            }
        });
        if (lines.isEmpty()) {
            lines.add("nothing to do");
        }
        console.info(done + ": " + String.join("; ", lines));
        return new CommandReply(true, "", String.join("; ", lines), lines, List.of(), snapshots.get(), changes);
    }
}

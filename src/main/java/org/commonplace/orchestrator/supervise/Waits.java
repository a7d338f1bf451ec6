package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;

/**
 * {@link Command.Wait}, asked again after every event: ready once each process satisfies its
 * dependents (runs ready; a one-shot job did its job; or it ended cleanly for good), failed as soon as
 * one cannot get there without another command ({@link StartProgress} says which: it gave up, was
 * stopped by hand, ended for good, or waits behind a dependency that did). Anything else (starting,
 * backing off, paused, waiting for a remote dependency) is waited out; the client's timeout bounds it.
 * Loop thread only.
 */
final class Waits {
    /** A run id no run has: every state is "since the command" for {@link StartProgress}. */
    private static final int NO_RUN = -1;

    private final Map<String, Slot> slots;
    private final StartProgress progress;
    private final BooleanSupplier stopping;
    private final Supplier<List<ProcessSnapshot>> snapshots;

    Waits(Map<String, Slot> slots, StartProgress progress, BooleanSupplier stopping, Supplier<List<ProcessSnapshot>> snapshots) {
        this.slots = slots;
        this.progress = progress;
        this.stopping = stopping;
        this.snapshots = snapshots;
    }

    /** {@return the answer to a wait for {@code names} (every process when empty), or empty while it waits} */
    Optional<CommandReply> check(List<String> names) {
        if (stopping.getAsBoolean()) {
            return Optional.of(CommandReply.refused("stopping", "the orchestrator is stopping", snapshots.get()));
        }
        List<String> wanted = names.isEmpty()
                ? slots.values().stream().filter(s -> !s.removed()).map(Slot::name).toList() : names;
        var lines = new ArrayList<String>();
        boolean waiting = false;
        for (String name : wanted) {
            Slot slot = slots.get(name);
            if (slot != null && !slot.removed() && slot.satisfiesDependents()) {
                lines.add(ready(slot));
                continue;
            }
            StartProgress.Verdict verdict = progress.of(name, NO_RUN, "ready:");
            if (verdict.stage() == StartProgress.Stage.FAILED) {
                return Optional.of(CommandReply.notDone("failed", List.of(), List.of(verdict), snapshots.get()));
            }
            waiting = true;
        }
        return waiting ? Optional.empty() : Optional.of(CommandReply.done(lines, List.of(), snapshots.get()));
    }

    private static String ready(Slot slot) {
        if (slot.state == ProcessState.RUNNING) {
            return slot.name() + " is ready (pid " + slot.child.pid() + ")";
        }
        return slot.completed() ? slot.name() + " completed (exit code " + slot.lastExit.code() + ")"
                : slot.name() + " " + Actions.describe(slot.lastExit) + "; its job is done";
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.Map;
import java.util.function.Predicate;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;

/**
 * The end of a run, once every supervised process has ended: what the children left behind is
 * stopped ({@link Leftovers}), the last line says how it ended, and the exit code follows from it.
 * Supervisor thread only.
 */
final class EndOfRun {
    private final Map<String, Slot> slots;
    private final Console console;
    private final BurstLines lines;
    private Leftovers leftovers = (atOnce, hurry) -> 0;

    EndOfRun(Map<String, Slot> slots, Console console, BurstLines lines) {
        this.slots = slots;
        this.console = console;
        this.lines = lines;
    }

    void leftovers(Leftovers leftovers) {
        this.leftovers = leftovers;
    }

    /**
     * {@return whether the run is over: nothing runs or backs off, and nothing is left to wait for}
     * A process stopped by hand may be started again: the orchestrator waits for that (as supervisord
     * does). A process waiting for a remote dependency waits for another machine: the orchestrator
     * waits with it. A schedule waits for its next time: the orchestrator waits with it. An empty table
     * ({@code "processes": {}}) waits for a reload that brings some, as the real commonplace waits for
     * the processes it discovers. Once everything stops, only what still runs is waited for.
     */
    boolean due(boolean stopping, Predicate<Slot> waitsForRemote, boolean schedulesArmed) {
        if (slots.values().stream().anyMatch(s -> s.state.hasLiveChild() || s.state == ProcessState.BACKING_OFF)) {
            return false;
        }
        return stopping || !slots.isEmpty() && !schedulesArmed
                && slots.values().stream().noneMatch(s -> s.stoppedByHand() || waitsForRemote.test(s));
    }

    /**
     * @param stopping whether everything was stopped (a signal, a client's shutdown, a core failure)
     * @param killing  whether everything was killed at once (a second stop request)
     * @param fatal    whether a core thread failed
     * @param hurry    whether to kill the leftovers now after all (see {@link Leftovers#stop})
     * @return the exit code: 0 when every child stopped by itself, 1 when one had to be killed or
     *         ended failed with nothing left running, or after a core failure
     */
    int finish(boolean stopping, boolean killing, boolean fatal, java.util.function.BooleanSupplier hurry) {
        // A burst still being counted is summed up now: the summary must be the last line.
        lines.sumUp();
        boolean othersKilled = leftovers.stop(killing, hurry) > 0;
        boolean anyKilled = othersKilled || slots.values().stream().anyMatch(s -> s.killed);
        if (fatal) {
            console.info("all processes stopped; exiting 1 after the failure above");
            return ExitCodes.FAILURE;
        }
        if (stopping) {
            console.info(anyKilled ? "stopped; some processes had to be killed" : "all processes stopped");
            return anyKilled ? ExitCodes.FAILURE : ExitCodes.OK;
        }
        boolean anyFailed = slots.values().stream().anyMatch(s -> s.state == ProcessState.FAILED);
        var blocked = slots.values().stream().filter(s -> s.state == ProcessState.WAITING).map(Slot::name).toList();
        if (!blocked.isEmpty()) {
            console.error("never started (a dependency ended for good): " + String.join(", ", blocked));
        }
        console.info("nothing left to supervise");
        return anyFailed || othersKilled || !blocked.isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}

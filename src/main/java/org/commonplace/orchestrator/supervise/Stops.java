package org.commonplace.orchestrator.supervise;

import java.util.function.Consumer;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.output.Fields;
import org.commonplace.orchestrator.policy.Restarts;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.spawn.ProcessGroups;

/**
 * The actions of the transition table that stop a process, call off its restart or queue it to start
 * again, each a short method that changes one slot and says what it did. The state each leaves the
 * slot in is the table's ({@link Transitions.Outcome#next}), set by the supervisor. Called on the
 * supervisor thread only.
 */
final class Stops {
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final Console console;
    private final Consumer<Event> post;

    Stops(Scheduler scheduler, Ticker ticker, Console console, Consumer<Event> post) {
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.console = console;
        this.post = post;
    }

    void stopUnready(Slot slot) {
        String last = slot.readiness == null ? "" : slot.readiness.lastFailure();
        slot.cancelReadiness();
        console.info(slot.name() + " was not ready within " + slot.spec.ready().orElseThrow().timeoutMs() + " ms ("
                + slot.spec.ready().orElseThrow().check().describe() + (last.isEmpty() ? "" : "; last attempt: " + last)
                + "); stopping it to start it again");
        signalStop(slot);
    }

    void signalStop(Slot slot) {
        slot.cancelReadiness();
        StopSignal signal = slot.spec.stopSignal();
        slot.stopSentAtMs = ticker.millis();
        console.info("stopping " + slot.name() + " (" + SignalNames.name(signal.number()) + " to process group " + slot.child.pid() + ")",
                Fields.of("stopping", slot.name()).pid(slot.child.pid()).signal(SignalNames.name(signal.number())));
        slot.child.signalGroup(signal.number());
        // A stopped (SIGSTOP) process would hold its stop signal until its timeout and be killed:
        // continue it, as systemd does, so it can act on the signal now.
        slot.child.signalGroup(ProcessGroups.SIGCONT);
        if (slot.spec.stopTimeoutMs() == 0) {
            // No time to exit: SIGKILL in this same turn, not by a timer of 0 ms that raced the exit
            // (the exit code of the orchestrator then was 0 or 1 by chance). A child that the stop
            // signal ended at once still ends by it, and was not killed (see recordStopped).
            kill(slot);
            return;
        }
        String name = slot.name();
        int runId = slot.runId;
        slot.timer = scheduler.schedule(slot.spec.stopTimeoutMs(), () -> post.accept(new Event.StopTimedOut(name, runId)));
    }

    void cancelRestart(Slot slot) {
        slot.cancelTimer();
    }

    /** The stopping child exited: it is stopped (for good, or to be requeued by the caller). */
    void recordStopped(Slot slot, ExitStatus status) {
        slot.cancelTimer();
        slot.lastExit = status;
        slot.lastExitAtMs = ticker.millis();
        // Had to be killed only when the SIGKILL is what ended it: a child that ended by its stop
        // signal, or exited, just as the kill was sent, had not needed it.
        slot.killed = slot.killed && status.isSignal() && status.signal() == ProcessGroups.SIGKILL;
        Actions.sweep(slot);
        long tookMs = ticker.millis() - slot.stopSentAtMs;
        console.info(slot.name() + " stopped in " + Actions.duration(tookMs) + " (" + Actions.brief(status) + ")",
                Actions.fields("stopped", slot.name(), status));
    }

    /**
     * Readies a process to be started again (by hand, or with a reloaded spec): no pending restart,
     * a fresh backoff, {@code replacement} as its spec unless null; WAITING until its dependencies are met.
     */
    void requeue(Slot slot, ManagedProcess replacement) {
        slot.cancelTimer();
        slot.killed = false;
        if (replacement != null) {
            slot.spec = replacement;
        }
        slot.intent = Intent.NONE;
        slot.restarts = Restarts.of(slot.spec.restart());
        slot.waitingSinceMs = 0;
    }

    /** Takes the new spec now (the process stays where it is, stopped by hand); a new policy gets a fresh backoff. */
    void swapSpec(Slot slot, ManagedProcess spec) {
        boolean newPolicy = !slot.spec.restart().equals(spec.restart());
        slot.spec = spec;
        if (newPolicy) {
            slot.restarts = Restarts.of(spec.restart());
        }
    }

    void killGroup(Slot slot) {
        if (slot.stopSentAtMs == 0) {
            slot.stopSentAtMs = ticker.millis();
        }
        kill(slot);
    }

    private static void kill(Slot slot) {
        slot.killed = true;
        slot.child.signalGroup(ProcessGroups.SIGKILL);
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.function.Consumer;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.output.Fields;
import org.commonplace.orchestrator.policy.RestartDecision;
import org.commonplace.orchestrator.policy.Restarts;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.LaunchException;
import org.commonplace.orchestrator.spawn.Launched;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.spawn.ProcessGroups;

/**
 * The actions of the transition table that start a process and decide what its exit means (ready,
 * completed, restarted by policy, given up), each a short method that changes one slot and says what
 * it did; the words for an exit. Where the table fixes the state afterwards ({@link
 * Transitions.Outcome#next}) the supervisor sets it; where it is decided here (a spawn, the restart
 * policy) these set it. Stopping is {@link Stops}'s. Called on the supervisor thread only.
 */
final class Actions {
    private final Launcher launcher;
    private final OutputAttacher output;
    private final ReadinessWatcher readiness;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final Console console;
    private final Consumer<Event> post;

    Actions(Launcher launcher, OutputAttacher output, ReadinessWatcher readiness, Scheduler scheduler, Ticker ticker,
            Console console, Consumer<Event> post) {
        this.launcher = launcher;
        this.output = output;
        this.readiness = readiness;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.console = console;
        this.post = post;
    }

    /** Starts the child: STARTING (RUNNING without a ready check), or the restart decision when it cannot start. */
    void spawn(Slot slot) {
        slot.runId++;
        slot.timer = null;
        int runId = slot.runId;
        slot.startedAtMs = ticker.millis();
        Child child;
        Launched prelaunched = slot.prelaunched;
        slot.prelaunched = null;
        try {
            child = prelaunched != null ? prelaunched.get() : launcher.launch(slot.spec.launch());
        } catch (LaunchException e) {
            if (!slot.storm.raging()) {
                console.error(slot.name() + " failed to start: " + e.getMessage());
            }
            slot.child = null;
            decideRestart(slot, ExitStatus.launchFailed());
            return;
        }
        slot.child = child;
        slot.waitingSinceMs = 0;
        slot.waitReminderMs = 0;
        String name = slot.name();
        if (!slot.storm.raging()) {
            console.info("started " + name + " (pid " + child.pid() + "): " + slot.spec.launch().commandLine(),
                    Fields.of("started", name).pid(child.pid()));
        }
        Runnable onReady = () -> post.accept(new Event.Ready(name, runId));
        slot.heard = SilenceWatch.began(slot, ticker, scheduler, post);
        output.attach(name, child, slot.spec.readyLine(), onReady,
                slot.heard == null ? OutputAttacher.NO_OUTPUT_HOOK : slot.heard::now);
        slot.state = slot.spec.ready().isPresent() ? ProcessState.STARTING : ProcessState.RUNNING;
        slot.spec.ready().ifPresent(ready -> {
            if (slot.spec.readyLine().isEmpty()) {
                slot.readiness = readiness.watch(slot.spec, onReady);
            }
            if (ready.hasTimeout()) {
                slot.readyTimer = scheduler.schedule(ready.timeoutMs(), () -> post.accept(new Event.ReadyTimedOut(name, runId)));
            }
        });
        // At once: the launcher has passed on what the child wrote before its exit (Child.onExit), and
        // holding the exit back for output a grandchild may still write made ps show a dead pid running.
        child.onExit(status -> post.accept(new Event.Exited(name, runId, status)));
    }

    /**
     * Starts the children of {@code slots}, about to be spawned, side by side ({@link
     * Launcher#launchAll}); {@link #spawn} then takes each slot's child as if it had started it.
     */
    void prelaunch(java.util.List<Slot> slots) {
        java.util.List<Launched> results = launcher.launchAll(slots.stream().map(s -> s.spec.launch()).toList());
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).prelaunched = results.get(i);
        }
    }

    void markReady(Slot slot) {
        slot.cancelReadiness();
        console.info(slot.name() + " is ready after " + duration(ticker.millis() - slot.startedAtMs), Fields.of("ready", slot.name()));
    }

    /** A one-shot job exited with its code: done for good, and what depends on it may start. */
    void complete(Slot slot, ExitStatus status) {
        long ranMs = ticker.millis() - slot.startedAtMs;
        slot.cancelReadiness();
        slot.lastExit = status;
        slot.lastExitAtMs = ticker.millis();
        sweep(slot);
        slot.state = ProcessState.STOPPED;
        console.info(slot.name() + " finished (exit code " + status.code() + ") after " + duration(ranMs)
                + "; what depends on it may start", fields("exited", slot.name(), status));
    }

    /** Its child exited (or could not start): BACKING_OFF with a delay, or STOPPED / FAILED, as its policy says. */
    void decideRestart(Slot slot, ExitStatus status) {
        long ranMs = slot.child == null ? 0 : ticker.millis() - slot.startedAtMs;
        slot.cancelReadiness();
        slot.lastExit = status;
        // A one-shot job that ended with any code but its own has failed, even with code 0; any other
        // process succeeded with a code of success_exit_codes (0 without them).
        boolean failed = !slot.spec.succeeded(status);
        boolean restarts = RestartDecision.restarts(slot.spec.restart().policy(), failed);
        String exited = slot.name() + " " + describe(status) + " after " + duration(ranMs);
        slot.lastExitAtMs = ticker.millis();
        sweep(slot);
        if (!restarts) {
            reportStorm(slot);
            if (slot.child != null) {
                console.info(exited, fields("exited", slot.name(), status));
            }
            slot.state = failed ? ProcessState.FAILED : ProcessState.STOPPED;
            console.info(slot.name() + " will not be restarted (restart policy "
                    + slot.spec.restart().policy().word() + ")");
            return;
        }
        Restarts.Next next = slot.restarts.next(ticker.millis(), ranMs);
        long delay = next.delayMs();
        int limit = slot.spec.restart().maxRestarts();
        if (next.givesUp()) {
            // This restart would pass max_restarts (within within_ms, or in a row): give up until started by hand.
            reportStorm(slot);
            slot.state = ProcessState.FAILED;
            console.error(slot.name() + " gave up after " + limit + (limit == 1 ? " restart" : " restarts")
                    + (slot.spec.restart().windowed() ? " within " + duration(slot.spec.restart().withinMs()) : "")
                    + " (" + describe(status) + (slot.child == null ? "" : " after " + duration(ranMs)) + "); now failed");
            return;
        }
        backOff(slot, status, delay, exited, ranMs);
    }

    private void backOff(Slot slot, ExitStatus status, long delay, String exited, long ranMs) {
        slot.state = ProcessState.BACKING_OFF;
        slot.nextRestartAtMs = ticker.millis() + delay;
        String name = slot.name();
        int runId = slot.runId;
        switch (slot.storm.restarted(ticker.millis(), describe(status))) {
            case LINE -> {
                if (slot.child != null) {
                    console.info(exited, fields("exited", name, status));
                }
                console.info("restarting " + name + " in " + delay + " ms (attempt " + slot.restarts.attempt() + ")",
                        Fields.of("restarting", name).delayMs(delay));
            }
            case BEGINS -> {
                console.info(name + " is restarting in a loop (last: " + describe(status) + " after " + duration(ranMs)
                        + "); from now on its restarts are counted and summed up every " + duration(RestartStorm.REPORT_MS));
                scheduler.schedule(RestartStorm.REPORT_MS, () -> post.accept(new Event.StormReport(name)));
            }
            case COUNTED -> {
            }
        }
        if (delay == 0) {
            // No timer thread hop for an immediate restart: the restart gap is what users feel.
            post.accept(new Event.RestartDue(name, runId));
        } else {
            slot.timer = scheduler.schedule(delay, () -> post.accept(new Event.RestartDue(name, runId)));
        }
    }

    /** It exited while it was to stop for good anyway (by hand, removed, the orchestrator stopping): said, not restarted. */
    void recordExit(Slot slot, ExitStatus status) {
        long ranMs = ticker.millis() - slot.startedAtMs;
        slot.cancelReadiness();
        slot.cancelTimer();
        slot.lastExit = status;
        slot.lastExitAtMs = ticker.millis();
        sweep(slot);
        reportStorm(slot);
        console.info(slot.name() + " " + describe(status) + " after " + duration(ranMs), fields("exited", slot.name(), status));
    }

    /** It was stopped as a failure (not ready in time, hung, leaked): its exit is a failure for the policy. */
    void recoverStopped(Slot slot, ExitStatus status) {
        slot.cancelTimer();
        decideRestart(slot, asFailure(status));
    }

    /**
     * Says how often a process in a restart storm was restarted since the last report; with {@code
     * again}, schedules the next report while the storm goes on.
     */
    void reportStorm(Slot slot, boolean again) {
        slot.storm.report(ticker.millis()).ifPresent(line -> {
            console.info(slot.name() + " " + line);
            if (again) {
                String name = slot.name();
                scheduler.schedule(RestartStorm.REPORT_MS, () -> post.accept(new Event.StormReport(name)));
            }
        });
    }

    /** Sums up a storm now, when the process stops being restarted: its count must not be lost. */
    void reportStorm(Slot slot) {
        reportStorm(slot, false);
    }

    /** {@return the status as a failure for the restart decision: a clean exit counts as exit code 1} */
    private static ExitStatus asFailure(ExitStatus status) {
        return status.isClean() ? new ExitStatus(1) : status;
    }

    /** Kills what the child left in its process group (background grandchildren) once it has exited. */
    static void sweep(Slot slot) {
        if (slot.child != null) {
            slot.child.signalGroup(ProcessGroups.SIGKILL);
            slot.child.release();
        }
    }

    /** {@return the JSON fields of an exit: its code, or the signal that ended it} */
    static Fields fields(String event, String name, ExitStatus status) {
        Fields f = Fields.of(event, name);
        if (status.isLaunchFailure()) {
            return f;
        }
        return status.isSignal() ? f.signal(SignalNames.name(status.signal())) : f.exitCode(status.code());
    }

    /** {@return "exited with code 1", "was killed by SIGTERM": see {@link ExitStatus#describe}} */
    static String describe(ExitStatus status) {
        return status.describe();
    }

    /** {@return "exit code 0" or "SIGTERM": how a stopped child ended, in two words} */
    static String brief(ExitStatus status) {
        return status.brief();
    }

    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

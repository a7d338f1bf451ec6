package org.commonplace.orchestrator.supervise;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * The event loop that owns all supervision state. Other threads only {@link #post} events; {@link
 * #run} takes them one at a time, asks {@link Transitions} what each means for the process concerned,
 * and carries the action out. Nothing here sleeps: restart delays and stop timeouts are timers that
 * post events, so one process waiting out its backoff never delays another.
 *
 * <p>It dispatches; the rest is each a small class's job: telling the listeners ({@link SnapshotFeed}),
 * the stop of everything ({@link StopAll}), a core thread's failure ({@link CoreFailures}), starting
 * in batches ({@link StartBatches}), an event about one child made a trigger ({@link SlotEvents}), the
 * stops asked by hand ({@link HandStops}).
 */
public final class Supervisor {
    final Map<String, Slot> slots = new LinkedHashMap<>();
    /** Stops and looks at the state ahead of the rest (see {@link EventQueue}). */
    private final EventQueue queue = new EventQueue();
    private final Actions actions;
    private final Lifecycle lifecycle;
    private final Console console;
    /** Lines of the loop's own said once per burst (a burst of signals), then counted. */
    private final BurstLines lines;
    /** Whether everything stops (set by {@link StopAll}): nothing is started any more. */
    boolean stopping;
    private Integer exitCode;
    private final ClientCommands commands;
    private final HealthChecks health;
    private final SilenceWatch silence;
    private final SlotEvents slotEvents;
    private final Dependencies dependencies;
    /** Whether a reload removed processes that may not have been dropped yet (set by {@link ClientCommands}). */
    boolean removals;
    /** Makes the snapshots of processes: for the listeners, and for the replies to commands. */
    final Snapshots snapshots;
    private final SnapshotFeed feed;
    private final StopAll stop;
    private final CoreFailures failures;
    private final StartBatches starts;
    private final EndOfRun end;
    private final Schedules schedules;
    private final BoundRestarts boundRestarts;
    private final HandStops handStops;

    /**
     * @param processes in start order; their {@code dependsOn} name only processes of this list
     */
    public Supervisor(List<ManagedProcess> processes, Launcher launcher, OutputAttacher output,
                      ReadinessWatcher readiness, Scheduler scheduler, Ticker ticker, Console console) {
        processes.forEach(p -> slots.put(p.name(), new Slot(p)));
        this.console = console;
        this.snapshots = new Snapshots(ticker);
        this.feed = new SnapshotFeed(snapshots);
        this.lines = new BurstLines(console, scheduler, ticker, this::post);
        this.actions = new Actions(launcher, output, readiness, scheduler, ticker, console, this::post);
        var remote = new RemoteGate(lines);
        var waitNotices = new WaitNotices(slots, remote, console, scheduler, ticker, this::post);
        this.dependencies = new Dependencies(slots, remote, waitNotices, console, ticker, scheduler, this::post);
        this.commands = new ClientCommands(this, dependencies, ticker, console);
        this.slotEvents = new SlotEvents(slots, console, this::apply);
        this.health = new HealthChecks(slots, scheduler, console, this::post, s -> apply(s, Trigger.UNHEALTHY, null));
        this.silence = new SilenceWatch(slots, scheduler, ticker, console, this::post, s -> apply(s, Trigger.UNHEALTHY, null));
        this.lifecycle = new Lifecycle(actions, new Stops(scheduler, ticker, console, this::post), health);
        this.stop = new StopAll(this, actions, console, lines, ticker);
        this.failures = new CoreFailures(console, stop);
        this.end = new EndOfRun(slots, console, lines);
        this.starts = new StartBatches(slots, dependencies, actions, (slot, trigger) -> apply(slot, trigger, null), this::post);
        this.schedules = new Schedules(slots, scheduler, console, this::post, (slot, trigger) -> apply(slot, trigger, null));
        this.boundRestarts = new BoundRestarts(slots, dependencies, console, slot -> apply(slot, Trigger.DEPENDENCY_DOWN, null));
        this.handStops = new HandStops(slots, dependencies, slot -> apply(slot, Trigger.STOP, null));
    }

    /** Sets the wall clock that schedules are read from (by default the system's). Call before {@link #run}. */
    public void scheduleWith(java.time.Clock wall) {
        schedules.useClock(wall);
    }

    /**
     * Sets what tries the liveness checks and what measures memory (by default: every attempt passes;
     * no memory is found). Call before {@link #run}.
     */
    public void checkHealthWith(LivenessChecker checker, MemorySampler sampler) {
        health.use(checker, sampler);
    }

    /**
     * Registers a listener that hears of every change of every process (see {@link SnapshotListener}).
     * Call before {@link #run}, from the thread that will run it.
     */
    public void addListener(SnapshotListener listener) {
        feed.add(listener);
    }

    /**
     * Sets what runs on the loop thread once every supervised process has ended, before the final
     * line ("all processes stopped" must be the last thing said): stopping the daemons our children
     * left behind, killed at once when everything was (see {@link Leftovers}).
     */
    public void beforeSummary(Leftovers leftovers) {
        end.leftovers(leftovers);
    }

    /** Hands an event to the loop. Thread-safe and never blocks. */
    public void post(Event event) {
        queue.add(event);
    }

    /**
     * Runs the loop on the calling thread until every process has ended (after a stop, or because
     * none is left to run). The calling thread must live as long as the orchestrator: children are
     * started from it, and their parent-death signal is tied to it.
     *
     * @return the exit code: 0 when every child stopped by itself, 1 when one had to be killed or
     *         ended failed with nothing left running
     */
    public int run() throws InterruptedException {
        turn(null);
        while (exitCode == null) {
            turn(queue.take());
        }
        commands.abandonPending("the orchestrator has stopped");
        return exitCode;
    }

    /** Handles every event already queued, on the calling thread; for tests driving a fake world. */
    void runPending() {
        if (exitCode == null && queue.isEmpty()) {
            turn(null);
        }
        Event next;
        while (exitCode == null && (next = queue.poll()) != null) {
            turn(next);
        }
    }

    /**
     * One turn of the loop: the event (if any), then what follows from it. An error that escapes
     * (an {@code OutOfMemoryError}; a handler's RuntimeException is caught in {@link #dispatch}) would
     * have ended the loop and left the orchestrator half alive: it is a core failure instead.
     */
    private void turn(Event event) {
        try {
            if (event != null) {
                dispatch(event);
            }
            settle();
        } catch (Throwable t) {
            try {
                onCoreFailed("the supervisor loop", t.toString(), true);
            } catch (Throwable again) {
                stop.killEverything();
                exitCode = ExitCodes.FAILURE;
            }
            if (exitCode == null) {
                turn(null); // the stop's first steps; a failure in them is the second, which ends it
            }
        }
    }

    /**
     * Says that a core thread was ended by an error, from that thread; the loop then stops everything
     * and the exit code is 1 (see {@link Event.CoreFailed}). Thread-safe and never blocks. When even
     * that cannot be posted the JVM halts, and the guard kills every child.
     */
    public void coreFailed(String what, Throwable cause, boolean stillServing) {
        failures.report(what, cause, stillServing, this::post);
    }

    Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    ProcessState state(String name) {
        return slots.get(name).state;
    }

    private void dispatch(Event event) {
        feed.heard(event);
        try {
            handle(event);
        } catch (RuntimeException e) {
            // One handler's bug must not end supervision of everything else.
            console.error("internal error while handling " + event + ": " + e + "; supervision continues");
        }
    }

    private void handle(Event event) {
        switch (event) {
            case Event.Exited e -> slotEvents.onExited(e);
            case Event.RestartDue e -> slotEvents.on(e.name(), e.runId(), Trigger.RESTART_DUE);
            case Event.Ready e -> slotEvents.on(e.name(), e.runId(), Trigger.READY);
            case Event.ReadyTimedOut e -> slotEvents.on(e.name(), e.runId(), Trigger.NOT_READY);
            // While everything stops, nothing is restarted for hanging or leaking.
            case Event.LivenessDue e -> health.onDue(e, stopping);
            case Event.LivenessResult e -> health.onResult(e, stopping);
            case Event.LivenessTimedOut e -> health.onTimedOut(e, stopping);
            case Event.SilenceDue e -> silence.onDue(e, stopping);
            case Event.MemoryDue e -> health.onMemoryDue();
            case Event.MemorySampled e -> health.onMemorySampled(e, stopping);
            case Event.WaitNotice e -> dependencies.remind(slots.get(e.name()), stopping);
            case Event.StormReport e -> actions.reportStorm(slots.get(e.name()), true);
            case Event.StopTimedOut e -> slotEvents.onStopTimedOut(e);
            case Event.StopRequested e -> stop.onRequest(e);
            case Event.CoreFailed f -> onCoreFailed(f.what(), f.cause(), f.stillServing());
            case Event.JobControl e -> slotEvents.onJobControl(e);
            case Event.StatusRequested e -> lines.tell(e.reason() + " again: the process table was just printed",
                    () -> ProcessTable.print(e.reason(), slots.values(), console));
            case Event.Say e -> lines.say(e.line());
            case Event.Control c -> commands.handle(c.command(), c.reply());
            case Event.RemoteDependency r -> dependencies.remoteChanged(r);
            case Event.Call c -> c.action().run();
            // Nothing to do but settle, which starts the next batch (or nothing, once stopping).
            case Event.StartMore s -> starts.onStartMore();
        }
    }

    void apply(Slot slot, Trigger trigger, ExitStatus status) {
        apply(slot, trigger, status, null);
    }

    /** Carries out what {@code trigger} means for {@code slot} (see {@link Lifecycle}); {@code spec} goes with a REPLACE. */
    void apply(Slot slot, Trigger trigger, ExitStatus status, ManagedProcess spec) {
        feed.touched(slot);
        lifecycle.apply(slot, trigger, status, spec, stopping);
    }

    /** A core thread failed (see {@link CoreFailures}); a failure that kills everything ends the loop with 1. */
    private void onCoreFailed(String what, String cause, boolean stillServing) {
        if (failures.failed(what, cause, stillServing, stopping)) {
            exitCode = ExitCodes.FAILURE;
        }
    }

    /** After every event: start what can start, stop what may stop, and notice the end. */
    private void settle() {
        schedules.settle(stopping);
        if (stopping) {
            stop.advance();
        } else {
            boundRestarts.follow();
            handStops.advance();
            starts.startReady();
        }
        dropRemoved();
        if (end.due(stopping, dependencies::waitsForRemote, schedules.armed())) {
            exitCode = end.finish(stopping, stop.killing(), failures.fatal(), this::killAsked);
        }
        commands.checkPending();
        feed.tell(slots);
    }

    /** Forgets the processes a reload removed once they have ended. */
    private void dropRemoved() {
        if (!removals) {
            return; // no reload removed any: nothing to look for after every event
        }
        removals = false;
        for (var it = slots.values().iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            removals |= slot.removed() && !slot.state.isFinal();
            if (slot.removed() && slot.state.isFinal()) {
                it.remove();
                feed.removed(slot);
            }
        }
    }

    /**
     * Asked while the leftovers are stopped on this thread, which then handles no events: serves the
     * stop requests that came meanwhile. {@return whether everything is to be killed now}
     */
    private boolean killAsked() {
        queue.takeStopRequests().forEach(stop::onRequest);
        return stop.killing();
    }

    /** Tells every listener of a milestone the first time it happens (a stop), or each time (a reload). */
    void announce(SnapshotListener.Milestone milestone) {
        if (milestone == SnapshotListener.Milestone.STOPPING && stopping) {
            return;
        }
        feed.milestone(milestone);
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.supervise.Transitions.Action;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * The event loop that owns all supervision state. Other threads only {@link #post} events; {@link
 * #run} takes them one at a time, asks {@link Transitions} what each means for the process concerned,
 * and carries the action out. Nothing here sleeps: restart delays and stop timeouts are timers that
 * post events, so one process waiting out its backoff never delays another.
 */
public final class Supervisor {
    final Map<String, Slot> slots = new LinkedHashMap<>();
    /** Stops and looks at the state ahead of the rest (see {@link EventQueue}). */
    private final EventQueue queue = new EventQueue();
    private final Actions actions;
    private final Console console;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final StopRequests stopRequests = new StopRequests();
    /** Lines of the loop's own said once per burst (a burst of signals), then counted. */
    private final BurstLines lines;
    private IntSupplier beforeSummary = () -> 0;
    boolean stopping;
    private Integer exitCode;
    private final ClientCommands commands;
    private final HealthChecks health;
    private final Dependencies dependencies;
    private final List<SnapshotListener> listeners = new ArrayList<>();
    /**
     * The processes changed since the listeners last heard, when every change since came from
     * events about single processes (their exits, restarts, readiness) and so through {@link
     * #apply}; after any other event every process is looked at. A storm of exits then costs the
     * listeners nothing per process that did not change.
     */
    private final List<Slot> touched = new ArrayList<>();
    private boolean lookAtAll = true;
    /** Whether a reload removed processes that may not have been dropped yet (set by {@link ClientCommands}). */
    boolean removals;
    /** At most this many children are started per turn of the loop (see {@link #startReady}). */
    static final int START_BATCH = 32;
    /** Whether a {@link Event.StartMore} is queued: one is enough, however many events come before it. */
    private boolean startMorePosted;
    /** During a stop: who gets the stop signal next. */
    private final StopOrder stopOrder = new StopOrder();
    /**
     * Memory set aside for stopping after a failure: an {@code OutOfMemoryError} leaves the heap full,
     * and the stop must still say what it does. Let go at the first failure.
     */
    private volatile byte[] reserve = new byte[RESERVE_BYTES];
    private static final int RESERVE_BYTES = 1 << 20;
    /** Whether a core thread failed: everything stops, and the exit code is 1 whatever the children do. */
    private boolean fatal;
    /** Whether a milestone or a removal was told since the listeners last heard of a round of changes. */
    private boolean announced;

    /**
     * @param processes in start order; their {@code dependsOn} name only processes of this list
     */
    public Supervisor(List<ManagedProcess> processes, Launcher launcher, OutputAttacher output,
                      ReadinessWatcher readiness, Scheduler scheduler, Ticker ticker, Console console) {
        processes.forEach(p -> slots.put(p.name(), new Slot(p)));
        this.console = console;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.lines = new BurstLines(console, scheduler, ticker, this::post);
        this.actions = new Actions(launcher, output, readiness, scheduler, ticker, console, this::post);
        var remote = new RemoteGate(lines);
        var waitNotices = new WaitNotices(slots, remote, console, scheduler, ticker, this::post);
        this.dependencies = new Dependencies(slots, remote, waitNotices, console);
        this.commands = new ClientCommands(this, dependencies, ticker, console);
        this.health = new HealthChecks(slots, scheduler, console, this::post, s -> apply(s, Trigger.UNHEALTHY, null));
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
        listeners.add(listener);
    }

    /**
     * Sets what runs on the loop thread once every supervised process has ended, before the final
     * line ("all processes stopped" must be the last thing said): stopping the daemons our children
     * left behind. It returns how many it had to kill; any makes the exit code 1.
     */
    public void beforeSummary(IntSupplier cleanup) {
        this.beforeSummary = cleanup;
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
                killEverything();
                exitCode = 1;
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
        reserve = null;
        try {
            post(new Event.CoreFailed(what, cause.toString(), stillServing));
        } catch (Throwable t) {
            Runtime.getRuntime().halt(1);
        }
    }

    Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    ProcessState state(String name) {
        return slots.get(name).state;
    }

    private void dispatch(Event event) {
        if (!(event instanceof Event.Exited || event instanceof Event.RestartDue || event instanceof Event.Ready
                || event instanceof Event.ReadyTimedOut || event instanceof Event.StopTimedOut
                || event instanceof Event.StartMore)) {
            lookAtAll = true;
        }
        try {
            handle(event);
        } catch (RuntimeException e) {
            // One handler's bug must not end supervision of everything else.
            console.error("internal error while handling " + event + ": " + e + "; supervision continues");
        }
    }

    private void handle(Event event) {
        switch (event) {
            case Event.Exited e -> onSlotEvent(e.name(), e.runId(), exitTrigger(e), e.status());
            case Event.RestartDue e -> onSlotEvent(e.name(), e.runId(), Trigger.RESTART_DUE, null);
            case Event.Ready e -> onSlotEvent(e.name(), e.runId(), Trigger.READY, null);
            case Event.ReadyTimedOut e -> onSlotEvent(e.name(), e.runId(), Trigger.NOT_READY, null);
            // While everything stops, nothing is restarted for hanging or leaking.
            case Event.LivenessDue e -> health.onDue(e, stopping);
            case Event.LivenessResult e -> health.onResult(e, stopping);
            case Event.LivenessTimedOut e -> health.onTimedOut(e, stopping);
            case Event.MemoryDue e -> health.onMemoryDue();
            case Event.MemorySampled e -> health.onMemorySampled(e, stopping);
            case Event.WaitNotice e -> dependencies.remind(slots.get(e.name()), stopping);
            case Event.StormReport e -> actions.reportStorm(slots.get(e.name()), true);
            case Event.StopTimedOut e -> {
                Slot slot = slots.get(e.name());
                if (slot != null && slot.runId == e.runId() && slot.state == ProcessState.STOPPING) {
                    console.info(slot.name() + " did not stop within " + slot.spec.stopTimeoutMs()
                            + " ms; killing its process group");
                    apply(slot, Trigger.KILL, null);
                }
            }
            case Event.StopRequested e -> onStopRequested(e);
            case Event.CoreFailed f -> onCoreFailed(f.what(), f.cause(), f.stillServing());
            case Event.JobControl e -> onJobControl(e);
            case Event.StatusRequested e -> lines.tell(e.reason() + " again: the process table was just printed",
                    () -> ProcessTable.print(e.reason(), slots.values(), console));
            case Event.Say e -> lines.say(e.line());
            case Event.Control c -> commands.handle(c.command(), c.reply());
            case Event.RemoteDependency r -> dependencies.remoteChanged(r);
            case Event.Call c -> c.action().run();
            // Nothing to do but settle, which starts the next batch (or nothing, once stopping).
            case Event.StartMore s -> startMorePosted = false;
        }
    }

    /** Says once that a child was stopped or continued: a stopped service answers nothing, and looks alive. */
    private void onJobControl(Event.JobControl e) {
        for (Slot slot : slots.values()) {
            if (slot.child != null && slot.child.pid() == e.pid() && slot.state.hasLiveChild()) {
                slot.paused = e.stopped();
                console.info(e.stopped()
                        ? slot.name() + " (pid " + e.pid() + ") was stopped by "
                                + SignalNames.name(e.signal())
                                + "; it runs nothing until continued (kill -CONT " + e.pid() + ")"
                        : slot.name() + " (pid " + e.pid() + ") continued");
                return;
            }
        }
    }

    /** An exit with the code a process's {@code exit} ready check names is its job done, not an exit to restart. */
    private Trigger exitTrigger(Event.Exited exited) {
        Slot slot = slots.get(exited.name());
        boolean done = slot != null && slot.spec.expectedExit().filter(exited.status()::exitedWith).isPresent();
        return done ? Trigger.FINISHED : Trigger.EXITED;
    }

    private void onSlotEvent(String name, int runId, Trigger trigger, ExitStatus status) {
        Slot slot = slots.get(name);
        if (slot == null || slot.runId != runId) {
            return;
        }
        apply(slot, trigger, status);
    }

    void apply(Slot slot, Trigger trigger, ExitStatus status) {
        if (!slot.touched) {
            slot.touched = true;
            touched.add(slot);
        }
        Action action = Transitions.actionFor(slot.state, trigger);
        switch (action) {
            case SPAWN -> {
                actions.spawn(slot, stopping);
                if (slot.state.hasLiveChild()) {
                    health.spawned(slot);
                }
                if (slot.state == ProcessState.RUNNING) {
                    health.began(slot);
                }
            }
            case MARK_READY -> {
                actions.markReady(slot);
                health.began(slot);
            }
            case STOP_UNREADY -> actions.stopUnready(slot);
            case STOP_UNHEALTHY -> actions.stopUnhealthy(slot);
            case DECIDE_RESTART -> actions.decideRestart(slot, status, stopping);
            case SIGNAL_STOP -> actions.signalStop(slot);
            case CANCEL_RESTART -> actions.cancelRestart(slot);
            case ABANDON -> slot.state = ProcessState.STOPPED;
            case RECORD_STOPPED -> actions.recordStopped(slot, status, stopping);
            case KILL_GROUP -> actions.killGroup(slot);
            case COMPLETE -> actions.complete(slot, status);
            case REQUEUE -> actions.requeue(slot);
            case IGNORE -> {
            }
        }
    }

    private void onStopRequested(Event.StopRequested request) {
        switch (stopRequests.take(request.reason(), request.force(), ticker.millis())) {
            case STOP -> {
                if (!stopping) {
                    beginStop(request.reason() + ": stopping all processes (dependents first)");
                }
            }
            case REPEAT -> lines.say(request.reason() + " again within " + StopRequests.SAME_REQUEST_MS
                    + " ms: the same request; send it again later to kill everything at once");
            case KILL -> {
                announce(SnapshotListener.Milestone.STOPPING);
                stopping = true;
                console.info(request.reason() + " again: killing every process group now");
                slots.values().forEach(s -> apply(s, Trigger.KILL, null));
            }
            case NOTHING_MORE -> {
            }
        }
    }

    /** Stops everything in order, dependents first: what waits or backs off now, the rest as its dependents end. */
    private void beginStop(String line) {
        announce(SnapshotListener.Milestone.STOPPING);
        stopping = true;
        slots.values().forEach(actions::reportStorm);
        console.info(line);
        slots.values().forEach(s -> {
            if (s.state == ProcessState.WAITING || s.state == ProcessState.BACKING_OFF) {
                apply(s, Trigger.STOP, null);
            }
        });
    }

    /**
     * A core thread failed: say so in one line and stop everything as SIGTERM would, then exit 1, so
     * that systemd (Restart=on-failure) starts us again rather than leave a supervisor half alive. A
     * second failure, or a thread that can no longer see children exit, ends it at once: every process
     * group is killed and the loop ends (and the guard kills whatever is left when we exit).
     */
    private void onCoreFailed(String what, String cause, boolean stillServing) {
        reserve = null;
        if (fatal || !stillServing) {
            fatal = true;
            console.error(what + " failed (" + cause + "); killing every process group and exiting 1");
            killEverything();
            exitCode = 1;
            return;
        }
        fatal = true;
        console.error(what + " failed (" + cause + "); stopping everything as on SIGTERM, then exiting 1"
                + " so that a service manager starts us again");
        if (!stopping) {
            beginStop("stopping all processes (dependents first) after that failure");
        }
    }

    /** SIGKILL to every process group with a child in it, and no more stopping in order: the last resort. */
    private void killEverything() {
        stopping = true;
        for (Slot slot : slots.values()) {
            if (slot.child != null && slot.state.hasLiveChild()) {
                apply(slot, Trigger.KILL, null);
            }
        }
    }

    /** After every event: start what can start, stop what may stop, and notice the end. */
    private void settle() {
        if (stopping) {
            advanceStop();
        } else {
            advanceHandStops();
            startReady();
        }
        dropRemoved();
        // A process stopped by hand may be started again: the orchestrator waits for that (as supervisord does).
        // A process waiting for a remote dependency waits for another machine: the orchestrator waits with it.
        if (slots.values().stream().noneMatch(s -> s.state.hasLiveChild() || s.state == ProcessState.BACKING_OFF)
                && (stopping || slots.values().stream().noneMatch(s -> s.stoppedByHand || dependencies.waitsForRemote(s)))) {
            finish();
        }
        commands.checkPending();
        tellListeners();
    }

    /** Stops what clients asked to stop, dependents first among them. */
    private void advanceHandStops() {
        for (Slot slot : new ArrayList<>(slots.values()).reversed()) {
            if (slot.state.isFinal()) {
                slot.handStop = false;
            }
            boolean alive = slot.state == ProcessState.RUNNING || slot.state == ProcessState.STARTING;
            if (slot.handStop && alive && slots.values().stream().noneMatch(s -> s.handStop && s.state.hasLiveChild()
                    && s.spec.dependsOn().contains(slot.name()))) {
                apply(slot, Trigger.STOP, null);
            }
        }
    }

    /** Forgets the processes a reload removed once they have ended. */
    private void dropRemoved() {
        if (!removals) {
            return; // no reload removed any: nothing to look for after every event
        }
        removals = false;
        for (var it = slots.values().iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            removals |= slot.removed && !slot.state.isFinal();
            if (slot.removed && slot.state.isFinal()) {
                it.remove();
                listeners.forEach(l -> l.removed(slot.name()));
                announced = true;
            }
        }
    }

    /** Tells every listener of a milestone the first time it happens (a stop), or each time (a reload). */
    void announce(SnapshotListener.Milestone milestone) {
        if (milestone == SnapshotListener.Milestone.STOPPING && stopping) {
            return;
        }
        listeners.forEach(l -> l.milestone(milestone));
        announced = true;
    }

    /** Hands every listener a snapshot of each process that changed since it last heard, then says it is done. */
    private void tellListeners() {
        Iterable<Slot> candidates = lookAtAll ? slots.values() : new ArrayList<>(touched);
        lookAtAll = false;
        touched.forEach(s -> s.touched = false);
        touched.clear();
        if (listeners.isEmpty()) {
            return;
        }
        boolean any = announced;
        announced = false;
        for (Slot slot : candidates) {
            if (slots.get(slot.name()) != slot) {
                continue; // dropped after a reload: its removal was told
            }
            // Compared field by field before a snapshot is made: this runs after every event, and
            // with 2,000 processes a snapshot of each per exit made stopping them take seconds.
            if (unchanged(slot.told, slot)) {
                continue;
            }
            ProcessSnapshot now = commands.snapshot(slot);
            slot.told = now;
            any = true;
            listeners.forEach(l -> l.changed(now));
        }
        if (any) {
            listeners.forEach(SnapshotListener::settled);
        }
    }

    /**
     * {@return whether {@code told} still describes the slot}: equal in what {@link ClientCommands#snapshot}
     * would make of it but for the wall-clock times, which are recomputed from the monotonic clock each time.
     */
    private static boolean unchanged(ProcessSnapshot told, Slot s) {
        return told != null && told.state() == s.state && told.pid() == ClientCommands.pidOf(s)
                && told.restarts() == Math.max(0, s.runId - 1) && java.util.Objects.equals(told.lastExit().orElse(null), s.lastExit)
                && told.stoppedByHand() == s.stoppedByHand
                && told.nextRestartAt().isPresent() == (s.state == ProcessState.BACKING_OFF)
                && (told.dependsOn() == s.spec.dependsOn() || told.dependsOn().equals(s.spec.dependsOn()))
                && told.health().equals(HealthChecks.health(s));
    }

    /**
     * Starts what may start now, at most {@link #START_BATCH} children per turn of the loop. A larger
     * start (1,000 processes) goes on in the next turn, through a {@link Event.StartMore} posted behind
     * whatever is queued already: a stop request that arrives meanwhile is served first and ends the
     * starting (nothing further is spawned), and {@code ps} answers while a big start goes on. Before
     * the batches a Ctrl+C 0.9 s into starting 1,000 processes waited for all of them (9.7 s).
     */
    private void startReady() {
        // Every process that may start now is started side by side first (2,000 at once: figure I);
        // the loop below then spawns each as before, with its child already there.
        var startable = new ArrayList<Slot>();
        for (Slot slot : slots.values()) {
            if (slot.state == ProcessState.WAITING && dependencies.unmet(slot).isEmpty()) {
                startable.add(slot);
                if (startable.size() == START_BATCH) {
                    break;
                }
            }
        }
        if (startable.size() > 1) {
            actions.prelaunch(startable);
        }
        int started = 0;
        boolean more = false;
        for (Slot slot : slots.values()) {
            if (slot.state != ProcessState.WAITING) {
                continue;
            }
            List<String> unmet = dependencies.unmet(slot);
            if (!unmet.isEmpty()) {
                dependencies.stillWaiting(slot, unmet);
            } else if (slot.prelaunched != null || started < START_BATCH) {
                // A child started side by side above is always taken, or it would run unsupervised.
                started++;
                apply(slot, Trigger.DEPENDENCIES_MET, null);
            } else {
                more = true;
            }
        }
        if (more && !startMorePosted) {
            startMorePosted = true;
            post(new Event.StartMore());
        }
    }

    /** Sends the stop signal to every running process none of whose dependents is still alive. */
    private void advanceStop() {
        stopOrder.advance(slots, slot -> apply(slot, Trigger.STOP, null));
    }

    private void finish() {
        // A burst still being counted is summed up now: the summary must be the last line.
        lines.sumUp();
        boolean othersKilled = beforeSummary.getAsInt() > 0;
        boolean anyKilled = othersKilled || slots.values().stream().anyMatch(s -> s.killed);
        if (fatal) {
            console.info("all processes stopped; exiting 1 after the failure above");
            exitCode = 1;
            return;
        }
        if (stopping) {
            console.info(anyKilled ? "stopped; some processes had to be killed" : "all processes stopped");
            exitCode = anyKilled ? 1 : 0;
            return;
        }
        boolean anyFailed = slots.values().stream().anyMatch(s -> s.state == ProcessState.FAILED);
        var blocked = slots.values().stream().filter(s -> s.state == ProcessState.WAITING).map(Slot::name).toList();
        if (!blocked.isEmpty()) {
            console.error("never started (a dependency ended for good): " + String.join(", ", blocked));
        }
        console.info("nothing left to supervise");
        exitCode = anyFailed || othersKilled || !blocked.isEmpty() ? 1 : 0;
    }
}

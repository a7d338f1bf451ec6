package org.commonplace.orchestrator.supervise;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.LivenessSpec;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;

/**
 * Whether running processes are still healthy: their liveness checks (one attempt at a time per
 * process, the next {@code interval_ms} after the last result) and their memory limits (one sampler
 * for every limited process, every {@link #MEMORY_SAMPLE_MS}). Both only post events; what the
 * results mean is decided here, on the loop thread, and a process found hung or leaking is handed to
 * {@code unhealthy} (the UNHEALTHY trigger) after one line that says why. Nothing is scheduled for a
 * process without a liveness check, and no sampler runs while no live process has a memory limit.
 */
final class HealthChecks {
    /** How often the memory of limited processes is measured. docs/config.md promises at most 5 s. */
    static final long MEMORY_SAMPLE_MS = 2000;
    /** How long past its timeout an attempt may take to report before it is counted as failed. */
    static final long GRACE_MS = 500;
    private static final long MIB = 1024 * 1024;

    private final Map<String, Slot> slots;
    private final Scheduler scheduler;
    private final Console console;
    private final Consumer<Event> post;
    private final Consumer<Slot> unhealthy;
    private LivenessChecker checker = LivenessChecker.passing();
    private MemorySampler sampler = MemorySampler.none();
    /** Whether a sample is scheduled or under way; false while no process with a limit lives. */
    private boolean sampling;

    HealthChecks(Map<String, Slot> slots, Scheduler scheduler, Console console, Consumer<Event> post,
                 Consumer<Slot> unhealthy) {
        this.slots = slots;
        this.scheduler = scheduler;
        this.console = console;
        this.post = post;
        this.unhealthy = unhealthy;
    }

    void use(LivenessChecker checker, MemorySampler sampler) {
        this.checker = checker;
        this.sampler = sampler;
    }

    // ---- liveness

    /** A process became RUNNING: its liveness check (if it has one) is tried from one interval on. */
    void began(Slot slot) {
        slot.cancelLiveness();
        slot.spec.liveness().ifPresent(spec -> {
            slot.liveness = new Liveness(checker.open(slot.spec));
            scheduleAttempt(slot, spec);
        });
    }

    private void scheduleAttempt(Slot slot, LivenessSpec spec) {
        String name = slot.name();
        int runId = slot.runId;
        slot.liveness.timer = scheduler.schedule(spec.intervalMs(), () -> post.accept(new Event.LivenessDue(name, runId)));
    }

    void onDue(Event.LivenessDue e, boolean stopping) {
        Slot slot = stopping ? null : current(e.name(), e.runId());
        if (slot == null) {
            return;
        }
        Liveness live = slot.liveness;
        LivenessSpec spec = slot.spec.liveness().orElseThrow();
        if (live.inFlight) {
            // The attempt that timed out still has not ended: never a second one beside it.
            failed(slot, spec, "its attempt still has not ended after " + spec.timeoutMs() + " ms");
            return;
        }
        int attempt = ++live.attempt;
        live.inFlight = true;
        live.timedOut = false;
        String name = slot.name();
        int runId = slot.runId;
        live.timer = scheduler.schedule(spec.timeoutMs() + GRACE_MS,
                () -> post.accept(new Event.LivenessTimedOut(name, runId, attempt)));
        live.check.attempt(spec.timeoutMs(), (passed, reason) ->
                post.accept(new Event.LivenessResult(name, runId, attempt, passed, reason)));
    }

    void onResult(Event.LivenessResult e, boolean stopping) {
        Slot slot = stopping ? null : current(e.name(), e.runId());
        if (slot == null || e.attempt() != slot.liveness.attempt) {
            return;
        }
        Liveness live = slot.liveness;
        live.inFlight = false;
        if (live.timedOut) {
            return; // counted already; the next attempt is scheduled
        }
        if (live.timer != null) {
            live.timer.cancel();
        }
        LivenessSpec spec = slot.spec.liveness().orElseThrow();
        if (e.passed()) {
            live.failures = 0;
            scheduleAttempt(slot, spec);
        } else {
            failed(slot, spec, e.reason());
        }
    }

    void onTimedOut(Event.LivenessTimedOut e, boolean stopping) {
        Slot slot = stopping ? null : current(e.name(), e.runId());
        if (slot == null || e.attempt() != slot.liveness.attempt || !slot.liveness.inFlight) {
            return;
        }
        slot.liveness.timedOut = true;
        LivenessSpec spec = slot.spec.liveness().orElseThrow();
        failed(slot, spec, "no answer within " + spec.timeoutMs() + " ms");
    }

    private void failed(Slot slot, LivenessSpec spec, String reason) {
        Liveness live = slot.liveness;
        live.failures++;
        live.lastFailure = reason;
        if (live.failures < spec.failureThreshold()) {
            scheduleAttempt(slot, spec);
            return;
        }
        console.error(slot.name() + " failed its liveness check " + live.failures + (live.failures == 1 ? " time" : " times")
                + " (" + said(spec.check(), reason) + "); " + consequence(slot));
        unhealthy.accept(slot);
    }

    /** {@return "http http://127.0.0.1:8765/ answered 500", "tcp 127.0.0.1:8765: connection refused"} */
    private static String said(ReadyCheck check, String reason) {
        if (check instanceof ReadyCheck.Http && reason.matches("HTTP \\d{3}")) {
            return check.describe() + " answered " + reason.substring(5);
        }
        return check.describe() + ": " + reason;
    }

    private static String consequence(Slot slot) {
        return slot.spec.restart().policy() == org.commonplace.orchestrator.config.RestartPolicy.NEVER
                ? "stopping it (restart policy never)" : "restarting";
    }

    /** The slot when {@code runId} is its current run, it runs, and its liveness is tried; else null. */
    private Slot current(String name, int runId) {
        Slot slot = slots.get(name);
        // A paused (SIGSTOPped) process is checked on: stopped and answering nothing is a hang.
        boolean live = slot != null && slot.runId == runId && checked(slot) && slot.liveness != null;
        return live ? slot : null;
    }

    /** {@return "ok", "failing N" or "unknown" (no check, not running, or no result yet)} */
    static String health(Slot slot) {
        return slot.liveness == null || !checked(slot) ? "unknown" : slot.liveness.health();
    }

    private static boolean checked(Slot slot) {
        return slot.state == ProcessState.RUNNING || slot.state == ProcessState.PAUSED;
    }

    // ---- memory

    /** A process was started: the sampler runs while any process with a memory limit lives. */
    void spawned(Slot slot) {
        if (slot.spec.maxMemoryMb() > 0 && !sampling) {
            sampling = true;
            scheduler.schedule(MEMORY_SAMPLE_MS, () -> post.accept(new Event.MemoryDue()));
        }
    }

    void onMemoryDue() {
        var measured = new HashMap<String, long[]>();
        for (Slot slot : slots.values()) {
            if (limited(slot)) {
                measured.put(slot.name(), new long[] {slot.runId, slot.child.pid()});
            }
        }
        if (measured.isEmpty()) {
            sampling = false; // started again by the next spawn of a limited process
            return;
        }
        sampler.sample(measured.values().stream().map(m -> m[1]).toList(),
                rss -> post.accept(new Event.MemorySampled(measured, rss)));
    }

    void onMemorySampled(Event.MemorySampled e, boolean stopping) {
        if (stopping) {
            return;
        }
        e.measured().forEach((name, run) -> {
            Slot slot = slots.get(name);
            Long rss = e.rssBytes().get(run[1]);
            if (slot == null || slot.runId != run[0] || !limited(slot) || rss == null) {
                return;
            }
            long limit = slot.spec.maxMemoryMb();
            if (rss > limit * MIB) {
                console.error(name + " used " + rss / MIB + " MB, over its max_memory_mb " + limit + "; " + consequence(slot));
                unhealthy.accept(slot);
            }
        });
        scheduler.schedule(MEMORY_SAMPLE_MS, () -> post.accept(new Event.MemoryDue()));
    }

    private static boolean limited(Slot slot) {
        return slot.spec.maxMemoryMb() > 0 && slot.child != null
                && (slot.state == ProcessState.RUNNING || slot.state == ProcessState.STARTING);
    }
}

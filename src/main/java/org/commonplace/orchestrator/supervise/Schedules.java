package org.commonplace.orchestrator.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.ScheduleSpec;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * Runs the processes that have a {@code schedule} at their times: a run is a {@link Trigger#START} of
 * the job (as {@code start NAME} is), and what a run that falls due while the last one still goes does
 * is its {@code overlap}'s to say: skipped, queued (at most one waits), or the last one stopped and the
 * new one started ({@link Trigger#RESTART}). Changes state only through the transition table.
 *
 * <p>A scheduled process does not start with the others, unless {@code run_on_start}: it waits, STOPPED,
 * for its first time. Times are read from a wall clock in the schedule's zone; one timer serves every
 * schedule, and sleeps at most {@link #MAX_SLEEP_MS}, so a wall clock set forward or back (or a machine
 * woken from sleep) is noticed within a minute. A run whose time passed while the orchestrator was down,
 * or asleep, is not made up: the next time is always the first after now.
 *
 * <p>While any schedule is armed the orchestrator keeps running, even when every process has ended.
 * Supervisor thread only.
 */
final class Schedules {
    /** The longest the timer sleeps before it looks at the wall clock again. */
    static final long MAX_SLEEP_MS = 60_000;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private final Map<String, Slot> slots;
    private final Scheduler scheduler;
    private final Console console;
    private final Consumer<Event> post;
    private final StartBatches.Transition apply;
    private Clock clock = Clock.systemDefaultZone();
    /** The scheduled processes, by name: one entry per process of the config, so bounded by it. */
    private final Map<String, Armed> armed = new HashMap<>();
    private Scheduler.Cancellable timer;

    /** One scheduled process: its slot, the schedule it was armed with, its next time. */
    private static final class Armed {
        final Slot slot;
        final ScheduleSpec spec;
        /** The next time it runs; null when its rule names no time to come. */
        ZonedDateTime due;
        /** Whether a run waits for the last one to end (overlap "queue"): at most one does. */
        boolean queued;

        Armed(Slot slot, ScheduleSpec spec) {
            this.slot = slot;
            this.spec = spec;
        }
    }

    Schedules(Map<String, Slot> slots, Scheduler scheduler, Console console, Consumer<Event> post,
              StartBatches.Transition apply) {
        this.slots = slots;
        this.scheduler = scheduler;
        this.console = console;
        this.post = post;
        this.apply = apply;
    }

    /** The wall clock the times are read from (tests: one moved by hand). Before the loop runs. */
    void useClock(Clock wall) {
        this.clock = wall;
    }

    /** {@return whether a schedule is armed: the orchestrator then waits for it} */
    boolean armed() {
        return armed.values().stream().anyMatch(a -> a.due != null);
    }

    /**
     * After every event: arms the schedules of processes it has not seen (holding back their start
     * unless {@code run_on_start}), re-arms those a reload changed, forgets removed ones, and starts a
     * queued run whose last run has ended. While everything stops, every schedule is dropped.
     */
    void settle(boolean stopping) {
        if (stopping) {
            if (!armed.isEmpty()) {
                armed.values().forEach(a -> a.slot.nextRunAt = null);
                armed.clear();
                cancelTimer();
            }
            return;
        }
        boolean changed = forgetGone();
        for (Slot slot : slots.values()) {
            if (slot.removed() || slot.spec.schedule().isEmpty()) {
                continue;
            }
            ScheduleSpec spec = slot.spec.schedule().get();
            Armed known = armed.get(slot.name());
            if (known != null && known.spec.equals(spec)) {
                continue;
            }
            if (known == null && slot.state == ProcessState.WAITING && slot.runId == 0 && !spec.runOnStart()) {
                apply.apply(slot, Trigger.STOP); // never started: STOPPED until its first time
            }
            Armed a = new Armed(slot, spec);
            a.due = next(spec, clock.instant());
            slot.nextRunAt = a.due == null ? null : a.due.toInstant();
            armed.put(slot.name(), a);
            changed = true;
            if (a.due == null) {
                console.info(slot.name() + "'s schedule \"" + spec.cron() + "\" names no time to come; it runs only when started");
            }
        }
        for (Armed a : armed.values()) {
            if (a.queued && !busy(a.slot)) {
                a.queued = false;
                console.info("starting " + a.slot.name() + " (the run that waited for the last one)");
                apply.apply(a.slot, Trigger.START);
            }
        }
        if (changed) {
            rearm();
        }
    }

    /** Drops the schedules of processes that are gone, removed, replaced by a new slot, or no longer scheduled. */
    private boolean forgetGone() {
        boolean changed = false;
        for (var it = armed.values().iterator(); it.hasNext(); ) {
            Armed a = it.next();
            Slot now = slots.get(a.slot.name());
            if (now != a.slot || now.removed() || now.spec.schedule().isEmpty()) {
                a.slot.nextRunAt = null;
                it.remove();
                changed = true;
            }
        }
        return changed;
    }

    /** The timer fired: runs every schedule whose time has come, once, and arms the next times. */
    private void tick() {
        timer = null;
        Instant now = clock.instant();
        for (Armed a : new ArrayList<>(armed.values())) {
            if (a.due == null || now.isBefore(a.due.toInstant())) {
                continue;
            }
            ZonedDateTime was = a.due;
            // The first time after now: runs missed while asleep (or down) are not made up.
            a.due = next(a.spec, now);
            a.slot.nextRunAt = a.due == null ? null : a.due.toInstant();
            run(a, was);
        }
        rearm();
    }

    /** A run falls due: start the job, or do what its overlap says when the last run still goes. */
    private void run(Armed a, ZonedDateTime due) {
        Slot slot = a.slot;
        String at = SHOWN.format(due);
        if (slot.stoppedByHand()) {
            console.info("skipped the run of " + slot.name() + " due at " + at + ": it was stopped by hand (start "
                    + slot.name() + " runs it and resumes its schedule)");
            return;
        }
        if (!busy(slot)) {
            console.info("starting " + slot.name() + " (scheduled at " + at + ")");
            apply.apply(slot, Trigger.START);
            return;
        }
        switch (a.spec.overlap()) {
            case SKIP -> console.info("skipped the run of " + slot.name() + " due at " + at + ": the last run still goes (overlap: skip)");
            case QUEUE -> {
                if (a.queued) {
                    console.info("skipped the run of " + slot.name() + " due at " + at + ": one run waits already (overlap: queue)");
                } else {
                    a.queued = true;
                    console.info("the run of " + slot.name() + " due at " + at + " starts once the last run ends (overlap: queue)");
                }
            }
            case REPLACE -> {
                console.info("stopping " + slot.name() + " to start the run due at " + at + " (overlap: replace)");
                apply.apply(slot, Trigger.RESTART);
            }
        }
    }

    /** {@return whether its last run still goes: started or starting, stopping, or waiting out a restart delay} */
    private static boolean busy(Slot slot) {
        return slot.state.hasLiveChild() || slot.state == ProcessState.BACKING_OFF || slot.state == ProcessState.WAITING;
    }

    private static ZonedDateTime next(ScheduleSpec spec, Instant after) {
        return spec.cron().next(after.atZone(spec.zone())).orElse(null);
    }

    /** One timer for all: until the earliest time, or {@link #MAX_SLEEP_MS}, whichever comes first. */
    private void rearm() {
        cancelTimer();
        Instant earliest = null;
        for (Armed a : armed.values()) {
            if (a.due != null && (earliest == null || a.due.toInstant().isBefore(earliest))) {
                earliest = a.due.toInstant();
            }
        }
        if (earliest == null) {
            return;
        }
        // Rounded up: a timer a fraction of a millisecond early would only arm again.
        Duration left = Duration.between(clock.instant(), earliest);
        long delay = Math.max(0, left.toMillis() + (left.toNanosPart() % 1_000_000 > 0 ? 1 : 0));
        timer = scheduler.schedule(Math.min(delay, MAX_SLEEP_MS), () -> post.accept(new Event.Call(this::tick)));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}

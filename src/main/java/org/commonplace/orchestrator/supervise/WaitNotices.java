package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * What the terminal hears about processes waiting for their dependencies, kept few. A process says
 * that it waits only once what it waits for has started (so a 100-deep chain says one line at start,
 * not 99 "not started yet"), and then reminds at growing intervals, 5 s, 10 s, 20 s ... up to 5 min
 * (a dependency that never becomes ready must not print a line every 5 s forever). Supervisor thread only.
 */
final class WaitNotices {
    /** The first reminder comes this long after the wait was announced. */
    static final long FIRST_REMINDER_MS = 5000;
    /** Reminders double up to this interval. */
    static final long MAX_REMINDER_MS = 300_000;

    private final Map<String, Slot> slots;
    private final RemoteGate remote;
    private final Console console;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final Consumer<Event> post;

    WaitNotices(Map<String, Slot> slots, RemoteGate remote, Console console, Scheduler scheduler, Ticker ticker, Consumer<Event> post) {
        this.slots = slots;
        this.remote = remote;
        this.console = console;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.post = post;
    }

    /** The slot still waits for {@code unmet}; says so the first time the wait is worth a line. */
    void waiting(Slot slot, List<String> unmet) {
        if (slot.waitingSinceMs == 0) {
            slot.waitingSinceMs = ticker.millis();
        }
        if (slot.waitReminderMs != 0 || unmet.stream().anyMatch(d -> slots.containsKey(d) && slots.get(d).state == ProcessState.WAITING)) {
            return;
        }
        console.info(slot.name() + " waits for " + describe(unmet));
        slot.waitReminderMs = FIRST_REMINDER_MS;
        schedule(slot);
    }

    /** A reminder fell due: the slot still waits for {@code unmet} (not empty). */
    void remind(Slot slot, List<String> unmet) {
        long seconds = (ticker.millis() - slot.waitingSinceMs) / 1000;
        console.info(slot.name() + " waits for " + describe(unmet) + ", " + seconds + " s so far");
        slot.waitReminderMs = Math.min(slot.waitReminderMs * 2, MAX_REMINDER_MS);
        schedule(slot);
    }

    private void schedule(Slot slot) {
        String name = slot.name();
        scheduler.schedule(slot.waitReminderMs, () -> post.accept(new Event.WaitNotice(name)));
    }

    /** "store (http http://localhost:5199/health), cache (restarting)" */
    String describe(List<String> names) {
        var parts = new ArrayList<String>();
        for (String name : names) {
            Slot d = slots.get(name);
            if (d == null) {
                parts.add(name + " (remote: " + remote.describe(name) + ")");
                continue;
            }
            String what = switch (d.state) {
                case STARTING -> d.spec.ready().map(r -> r.check().describe()).orElse("starting");
                case BACKING_OFF -> "restarting";
                case WAITING -> "not started yet";
                case FAILED -> "failed" + (d.lastExit == null ? "" : ": " + Actions.describe(d.lastExit));
                case STOPPED -> d.stoppedByHand() ? "stopped by hand" : d.lastExit == null ? "stopped" : Actions.describe(d.lastExit);
                default -> d.state.name().toLowerCase(Locale.ROOT);
            };
            parts.add(name + " (" + what + ")");
        }
        return String.join(", ", parts);
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * The output-silence watchdog ({@code "liveness": {"silence_ms": N}}). The output path only notes the
 * time of each batch of bytes it reads ({@link Heard#now}: one clock read and one volatile write, no
 * event, no lock); the supervisor's timer looks at that time once per {@code silence_ms} at most (at
 * the moment the process would have been silent that long), so a process that writes a lot costs
 * the loop nothing more. A process silent for {@code silence_ms} since its start or its last output
 * is handed to {@code unhealthy} (the UNHEALTHY trigger, as a failed liveness check) after one line.
 */
final class SilenceWatch {
    /** When one run of one process last wrote: written by the thread that reads its output, read by the loop. */
    static final class Heard {
        private final Ticker ticker;
        private volatile long lastMs;

        Heard(Ticker ticker) {
            this.ticker = ticker;
            this.lastMs = ticker.millis();
        }

        /** A batch of output arrived now. */
        void now() {
            lastMs = ticker.millis();
        }

        long lastMs() {
            return lastMs;
        }
    }

    private final Map<String, Slot> slots;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final Console console;
    private final Consumer<Event> post;
    private final Consumer<Slot> unhealthy;

    SilenceWatch(Map<String, Slot> slots, Scheduler scheduler, Ticker ticker, Console console, Consumer<Event> post,
                 Consumer<Slot> unhealthy) {
        this.slots = slots;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.console = console;
        this.post = post;
        this.unhealthy = unhealthy;
    }

    /**
     * A run of {@code slot} was spawned: {@return what its output path tells of each batch, its first
     * look scheduled a {@code silence_ms} from now}; null without {@code silence_ms}.
     */
    static Heard began(Slot slot, Ticker ticker, Scheduler scheduler, Consumer<Event> post) {
        if (!slot.spec.silence().on()) {
            return null;
        }
        String name = slot.name();
        int runId = slot.runId;
        scheduler.schedule(slot.spec.silence().ms(), () -> post.accept(new Event.SilenceDue(name, runId)));
        return new Heard(ticker);
    }

    /** Its time came: restarted when silent that long, else looked at again when it would be. */
    void onDue(Event.SilenceDue e, boolean stopping) {
        Slot slot = slots.get(e.name());
        if (stopping || slot == null || slot.runId != e.runId() || slot.heard == null || !watched(slot)) {
            return; // another run, or it stops or has ended: that run's watchdog ends with it
        }
        long limit = slot.spec.silence().ms();
        long silentMs = ticker.millis() - slot.heard.lastMs();
        if (silentMs < limit) {
            String name = slot.name();
            int runId = slot.runId;
            scheduler.schedule(limit - silentMs, () -> post.accept(new Event.SilenceDue(name, runId)));
            return;
        }
        console.error(slot.name() + " wrote no output for " + Actions.duration(silentMs) + " (liveness silence_ms "
                + limit + "); " + (slot.spec.restart().policy() == RestartPolicy.NEVER ? "stopping it (restart policy never)"
                : "restarting"));
        unhealthy.accept(slot);
    }

    /** A paused (SIGSTOPped) process is watched too: stopped and silent is a hang, as for liveness checks. */
    private static boolean watched(Slot slot) {
        return slot.state == ProcessState.STARTING || slot.state == ProcessState.RUNNING || slot.state == ProcessState.PAUSED;
    }
}

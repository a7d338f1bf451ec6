package org.commonplace.orchestrator.supervise;

import java.time.Instant;
import java.util.Optional;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * Makes the {@link ProcessSnapshot} of a slot: the one place that says how the supervisor's record
 * of a process looks from outside ({@code ps}, command replies, the listeners). Supervisor thread only.
 *
 * <p>Times are the ticker's, placed on the wall clock by one offset taken when the supervisor was
 * made: a snapshot of a slot that did not change is then equal to the one before, so whether a
 * process changed is decided by comparing snapshots ({@link SnapshotFeed}), and a wall clock set
 * back or forth meanwhile moves no time already told.
 */
final class Snapshots {
    private final Ticker ticker;
    /** Wall-clock milliseconds minus ticker milliseconds, when the supervisor was made. */
    private final long wallOffsetMs;

    Snapshots(Ticker ticker) {
        this.ticker = ticker;
        this.wallOffsetMs = System.currentTimeMillis() - ticker.millis();
    }

    ProcessSnapshot of(Slot s) {
        return new ProcessSnapshot(s.name(), s.state, pidOf(s), s.runId > 0 ? Optional.of(wall(s.startedAtMs)) : Optional.empty(),
                Math.max(0, s.runId - 1), Optional.ofNullable(s.lastExit),
                s.lastExit == null ? Optional.empty() : Optional.of(wall(s.lastExitAtMs)),
                s.state == ProcessState.BACKING_OFF ? Optional.of(wall(s.nextRestartAtMs)) : Optional.empty(),
                s.stoppedByHand(), s.spec.dependsOn(), HealthChecks.health(s),
                new ProcessSnapshot.RestartWindowCount(s.restarts.counted(ticker.millis()), s.spec.restart().maxRestarts(),
                        s.spec.restart().withinMs()), Optional.ofNullable(s.nextRunAt), s.spec.launch().privileges().userName());
    }

    /** {@return the pid a snapshot shows: the live child's, else 0} */
    private static long pidOf(Slot s) {
        return s.child != null && s.state.hasLiveChild() ? s.child.pid() : 0;
    }

    /** The wall-clock time of a ticker time. */
    private Instant wall(long tickerMs) {
        return Instant.ofEpochMilli(wallOffsetMs + tickerMs);
    }
}

package org.commonplace.orchestrator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.SnapshotListener.Milestone;
import org.junit.jupiter.api.Test;

/** What the notifier tells systemd, driven by hand-made snapshots; the socket is {@link UnixDatagramTest}'s. */
final class SystemdNotifierTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final List<String> sent = new ArrayList<>();
    private final SystemdNotifier notifier = new SystemdNotifier(sent::add, () -> NOW);

    private static ProcessSnapshot snapshot(String name, ProcessState state) {
        return snapshot(name, state, Optional.empty());
    }

    private static ProcessSnapshot snapshot(String name, ProcessState state, Optional<Instant> next) {
        return new ProcessSnapshot(name, state, state.hasLiveChild() ? 42 : 0, Optional.empty(), 0,
                Optional.<ExitStatus>empty(), Optional.empty(), next, false, List.of(), ProcessSnapshot.UNKNOWN_HEALTH);
    }

    private void round(ProcessSnapshot... changes) {
        for (ProcessSnapshot s : changes) {
            notifier.changed(s);
        }
        notifier.settled();
    }

    @Test
    void readyIsSentOnlyWhenTheLastProcessIsReadyAndOnlyOnce() {
        round(snapshot("db", ProcessState.STARTING), snapshot("http", ProcessState.WAITING));
        round(snapshot("db", ProcessState.RUNNING), snapshot("http", ProcessState.STARTING));
        assertThat(sent).noneMatch(m -> m.contains("READY=1"));
        round(snapshot("http", ProcessState.RUNNING));
        round(snapshot("http", ProcessState.BACKING_OFF, Optional.of(NOW.plusMillis(1500))));
        round(snapshot("http", ProcessState.RUNNING));
        assertThat(sent).containsExactly("STATUS=1 starting, 1 waiting", "STATUS=1 running, 1 starting",
                "READY=1\nSTATUS=2 running", "STATUS=1 running, 1 backing off (http, next in 2 s)", "STATUS=2 running");
    }

    @Test
    void aJobThatFinishedCountsAsReadyAndAFailedProcessDoesNot() {
        round(snapshot("migrate", ProcessState.STOPPED), snapshot("db", ProcessState.FAILED));
        assertThat(sent).containsExactly("STATUS=1 stopped, 1 failed (db)");
        round(snapshot("db", ProcessState.RUNNING));
        assertThat(sent).last().isEqualTo("READY=1\nSTATUS=1 running, 1 stopped");
    }

    @Test
    void anUnchangedSummarySendsNothing() {
        round(snapshot("db", ProcessState.RUNNING));
        round(snapshot("db", ProcessState.RUNNING));
        assertThat(sent).hasSize(1);
    }

    @Test
    void stoppingIsSaidAndNoReadyFollowsIt() {
        round(snapshot("db", ProcessState.STARTING));
        notifier.milestone(Milestone.STOPPING);
        round(snapshot("db", ProcessState.RUNNING));
        assertThat(sent).containsExactly("STATUS=1 starting", "STOPPING=1", "STATUS=1 running");
    }

    @Test
    void aReloadAfterReadyIsBracketedAndOneBeforeReadyIsNot() {
        round(snapshot("db", ProcessState.STARTING));
        notifier.milestone(Milestone.RELOADING);
        notifier.milestone(Milestone.RELOADED);
        assertThat(sent).containsExactly("STATUS=1 starting");
        round(snapshot("db", ProcessState.RUNNING));
        notifier.milestone(Milestone.RELOADING);
        notifier.milestone(Milestone.RELOADED);
        assertThat(sent.get(2)).startsWith("RELOADING=1\nMONOTONIC_USEC=");
        assertThat(sent.get(3)).isEqualTo("READY=1");
    }

    /**
     * The ping is sent from the supervisor loop (a stuck loop runs no ping) and only when the I/O
     * loop turned since the last one: a supervisor whose I/O loop is stuck reads no child's output
     * and sees no exit, and must not tell systemd that all is well.
     */
    @Test
    void theWatchdogIsPingedOnlyWhileTheIoLoopTurnsToo() {
        var due = new java.util.ArrayDeque<Runnable>();
        var loop = new java.util.ArrayDeque<org.commonplace.orchestrator.supervise.Event>();
        boolean[] ioTurns = {true};
        var warnings = new ArrayList<String>();
        notifier.startWatchdog(200, (ms, action) -> {
            due.add(action);
            return () -> { };
        }, loop::add, () -> ioTurns[0], warnings::add);
        Runnable turnOfBothLoops = () -> {
            var call = (org.commonplace.orchestrator.supervise.Event.Call) loop.poll();
            call.action().run(); // the supervisor loop runs the ping
            due.poll().run();    // the timer posts the next one
        };
        turnOfBothLoops.run();
        turnOfBothLoops.run();
        assertThat(sent).containsExactly("WATCHDOG=1", "WATCHDOG=1");
        ioTurns[0] = false;
        turnOfBothLoops.run();
        turnOfBothLoops.run();
        assertThat(sent).hasSize(2);
        assertThat(warnings).containsExactly("the I/O loop has not turned for 200 ms; the systemd watchdog is not pinged until it does");
        ioTurns[0] = true;
        turnOfBothLoops.run();
        assertThat(sent).hasSize(3);
        // The supervisor loop stuck: the ping waits in its queue, and nothing is sent.
        assertThat(loop).hasSize(1);
        assertThat(sent).hasSize(3);
    }

    @Test
    void theWatchdogRunsAtHalfTheAskedIntervalAndOnlyForUs() {
        assertThat(SystemdNotifier.watchdogIntervalMs(Map.of("WATCHDOG_USEC", "3000000"), 7)).contains(1500L);
        assertThat(SystemdNotifier.watchdogIntervalMs(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "7"), 7)).contains(1500L);
        assertThat(SystemdNotifier.watchdogIntervalMs(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "8"), 7)).isEmpty();
        assertThat(SystemdNotifier.watchdogIntervalMs(Map.of(), 7)).isEmpty();
        assertThat(SystemdNotifier.watchdogIntervalMs(Map.of("WATCHDOG_USEC", "soon"), 7)).isEmpty();
    }

    @Test
    void noNotifySocketMeansNoNotifier() {
        assertThat(SystemdNotifier.fromEnvironment(Map.of(), w -> { })).isEmpty();
        assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", ""), w -> { })).isEmpty();
    }
}

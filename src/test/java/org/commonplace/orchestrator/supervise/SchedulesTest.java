package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.CronRule;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.ScheduleSpec;
import org.commonplace.orchestrator.config.ScheduleSpec.Overlap;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/** Scheduled jobs on a fake clock: runs at their times across minute boundaries, overlap policies, start by hand. */
final class SchedulesTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final FakeClock clock = new FakeClock();
    /** 12:00:30 UTC when the test begins: half a minute before the first minute boundary. */
    private final WallClock wall = new WallClock(clock, Instant.parse("2026-12-07T12:00:30Z"));
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<ProcessSnapshot> heard = new ArrayList<>();
    private Supervisor supervisor;

    private void job(String name, String cron, Overlap overlap, boolean runOnStart) {
        var schedule = new ScheduleSpec(CronRule.parse(cron), UTC, overlap, runOnStart);
        processes.add(new ManagedProcess(name, List.of(), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                new RestartSpec(RestartPolicy.NEVER, 100, 800), StopSignal.TERM, 5000, Optional.empty(), Optional.empty(), 0)
                .withSchedule(Optional.of(schedule)));
    }

    private void start() {
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.scheduleWith(wall);
        supervisor.addListener(heard::add);
        supervisor.runPending();
    }

    /** Moves both clocks on, a second at a time, handling what the timers post as they fire. */
    private void advanceSeconds(int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(1000);
            supervisor.runPending();
        }
    }

    private ProcessSnapshot last(String name) {
        return heard.reversed().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aJobWaitsForItsTimeAndRunsAcrossTheMinuteBoundary() {
        job("backup", "* * * * *", Overlap.SKIP, false);
        start();
        assertThat(launcher.launches("backup")).isZero();
        assertThat(supervisor.state("backup")).isEqualTo(ProcessState.STOPPED);
        assertThat(last("backup").nextRunAt()).contains(Instant.parse("2026-12-07T12:01:00Z"));
        advanceSeconds(29);
        assertThat(launcher.launches("backup")).isZero();
        advanceSeconds(1);
        assertThat(launcher.launches("backup")).isOne();
        assertThat(sink.text()).contains("starting backup (scheduled at 2026-12-07 12:01 UTC)");
        assertThat(last("backup").nextRunAt()).contains(Instant.parse("2026-12-07T12:02:00Z"));
        launcher.latest("backup").exit(0);
        supervisor.runPending();
        assertThat(supervisor.state("backup")).isEqualTo(ProcessState.STOPPED);
        assertThat(last("backup").lastExit()).isPresent();
        // Nothing runs between its times, and the orchestrator waits for the next one.
        assertThat(supervisor.exitCode()).isEmpty();
        advanceSeconds(60);
        assertThat(launcher.launches("backup")).isEqualTo(2);
    }

    @Test
    void overlapSkipLeavesTheRunningJobAlone() {
        job("slow", "* * * * *", Overlap.SKIP, false);
        start();
        advanceSeconds(30);
        advanceSeconds(60);
        assertThat(launcher.launches("slow")).isOne();
        assertThat(launcher.latest("slow").signals).isEmpty();
        assertThat(sink.text()).contains("skipped the run of slow due at 2026-12-07 12:02 UTC: the last run still goes (overlap: skip)");
        launcher.latest("slow").exit(0);
        supervisor.runPending();
        advanceSeconds(60);
        assertThat(launcher.launches("slow")).isEqualTo(2);
    }

    @Test
    void overlapQueueStartsOneRunOnceTheLastEndsAndSkipsMore() {
        job("slow", "* * * * *", Overlap.QUEUE, false);
        start();
        advanceSeconds(30 + 60 + 60);
        assertThat(launcher.launches("slow")).isOne();
        assertThat(sink.text()).contains("the run of slow due at 2026-12-07 12:02 UTC starts once the last run ends (overlap: queue)")
                .contains("skipped the run of slow due at 2026-12-07 12:03 UTC: one run waits already (overlap: queue)");
        launcher.latest("slow").exit(0);
        supervisor.runPending();
        assertThat(launcher.launches("slow")).isEqualTo(2);
        assertThat(supervisor.state("slow")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void overlapReplaceStopsTheRunningJobAndStartsTheNewRun() {
        job("slow", "* * * * *", Overlap.REPLACE, false);
        start();
        advanceSeconds(30);
        FakeChild first = launcher.latest("slow");
        first.exitOnSignal = -1;
        advanceSeconds(60);
        assertThat(first.signals).startsWith(15); // SIGTERM (a SIGCONT follows, for a paused child)
        assertThat(supervisor.state("slow")).isEqualTo(ProcessState.STOPPING);
        first.exit(143);
        supervisor.runPending();
        assertThat(launcher.launches("slow")).isEqualTo(2);
        assertThat(supervisor.state("slow")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void runOnStartRunsAtOnceAndThenAtItsTimes() {
        job("warm", "*/5 * * * *", Overlap.SKIP, true);
        start();
        assertThat(launcher.launches("warm")).isOne();
        assertThat(last("warm").nextRunAt()).contains(Instant.parse("2026-12-07T12:05:00Z"));
    }

    @Test
    void startByHandRunsOneNowAndKeepsTheSchedule() {
        job("report", "@hourly", Overlap.SKIP, false);
        start();
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(new Command.Start(List.of("report")), reply));
        supervisor.runPending();
        assertThat(launcher.launches("report")).isOne();
        assertThat(last("report").nextRunAt()).contains(Instant.parse("2026-12-07T13:00:00Z"));
    }

    @Test
    void runsMissedWhileTheClockJumpedAreNotMadeUp() {
        job("tick", "* * * * *", Overlap.SKIP, false);
        start();
        // The machine sleeps ten minutes: the timer fires once when it wakes, and the job runs once.
        clock.advance(10 * 60_000);
        supervisor.runPending();
        assertThat(launcher.launches("tick")).isOne();
        assertThat(last("tick").nextRunAt()).contains(Instant.parse("2026-12-07T12:11:00Z"));
    }

    @Test
    void aStopOfTheOrchestratorDropsTheSchedules() {
        job("tick", "* * * * *", Overlap.SKIP, false);
        start();
        supervisor.post(new Event.StopRequested("SIGTERM", false));
        supervisor.runPending();
        assertThat(supervisor.exitCode()).contains(0);
        assertThat(clock.activeTimers()).isZero();
    }
}

package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.LivenessSpec;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * Liveness checks, the crash-loop limit and memory limits in a fake world: attempts that the test
 * answers (or never answers), a sampler that reports what the test says, a clock moved by hand.
 */
final class HealthTest {
    private static final long MIB = 1024 * 1024;
    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();
    private final List<ManagedProcess> processes = new ArrayList<>();
    /** The attempts started, per process, in order; a test answers them. */
    private final Map<String, List<LivenessChecker.Result>> attempts = new HashMap<>();
    /** What the memory sampler reports, by process name (mapped to the pid at sampling time). */
    private final Map<String, Long> rss = new HashMap<>();
    private int samples;
    private Supervisor supervisor;

    private final LivenessChecker checker = process -> new LivenessChecker.Check() {
        @Override
        public void attempt(long timeoutMs, LivenessChecker.Result result) {
            attempts.computeIfAbsent(process.name(), n -> new ArrayList<>()).add(result);
        }

        @Override
        public void close() {
        }
    };

    private final MemorySampler sampler = (pgids, done) -> {
        samples++;
        var found = new HashMap<Long, Long>();
        rss.forEach((name, bytes) -> {
            long pid = launcher.latest(name).pid();
            if (pgids.contains(pid)) {
                found.put(pid, bytes);
            }
        });
        done.accept(found);
    };

    private void add(String name, RestartSpec restart, Optional<LivenessSpec> liveness, long maxMemoryMb) {
        processes.add(new ManagedProcess(name, List.of(), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                restart, StopSignal.TERM, 5000, Optional.empty(), liveness, maxMemoryMb));
    }

    private void withLiveness(String name, int threshold) {
        add(name, new RestartSpec(RestartPolicy.ALWAYS, 100, 800), Optional.of(
                new LivenessSpec(new ReadyCheck.Tcp("127.0.0.1", 8765), 1000, threshold, 500)), 0);
    }

    private void start() {
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.checkHealthWith(checker, sampler);
        supervisor.runPending();
        // The test says when a stopped child exits.
        launcher.launched.forEach(c -> c.exitOnSignal = -1);
    }

    private void advance(long ms) {
        clock.advance(ms);
        supervisor.runPending();
    }

    /** Answers the latest attempt of {@code name}. */
    private void answer(String name, boolean passed, String reason) {
        attempts.get(name).getLast().done(passed, reason);
        supervisor.runPending();
    }

    private int attemptsOf(String name) {
        return attempts.getOrDefault(name, List.of()).size();
    }

    private String health(String name) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(new Command.Snapshot(), reply));
        supervisor.runPending();
        return reply.join().processes().stream().filter(p -> p.name().equals(name)).findFirst()
                .map(ProcessSnapshot::health).orElseThrow();
    }

    @Test
    void aProcessThatFailsItsLivenessCheckIsRestartedAfterExactlyTheThresholdAndNotBefore() {
        withLiveness("web", 3);
        start();
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.RUNNING);
        assertThat(health("web")).isEqualTo("unknown");
        assertThat(attemptsOf("web")).isZero();
        for (int i = 1; i <= 2; i++) {
            advance(1000);
            assertThat(attemptsOf("web")).isEqualTo(i);
            answer("web", false, "connection refused");
            assertThat(supervisor.state("web")).isEqualTo(ProcessState.RUNNING);
            assertThat(health("web")).isEqualTo("failing " + i);
        }
        advance(1000);
        answer("web", false, "connection refused");
        assertThat(sink.text()).contains("[orchestrator] web failed its liveness check 3 times (tcp 127.0.0.1:8765: connection refused);"
                + " restarting");
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.STOPPING);
        assertThat(launcher.latest("web").signals).contains(15);
        launcher.latest("web").killedBy(15);
        supervisor.runPending();
        // A restart for a hang counts as a failure for the backoff.
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.BACKING_OFF);
        assertThat(sink.text()).contains("restarting web in 100 ms (attempt 1)");
        advance(100);
        assertThat(launcher.launches("web")).isEqualTo(2);
        assertThat(health("web")).isEqualTo("unknown");
    }

    @Test
    void aPassingAttemptStartsTheCountAgain() {
        withLiveness("web", 3);
        start();
        for (boolean passed : new boolean[] {false, false, true, false, false}) {
            advance(1000);
            answer("web", passed, passed ? "ok" : "HTTP 500");
        }
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.RUNNING);
        assertThat(health("web")).isEqualTo("failing 2");
        advance(1000);
        answer("web", true, "ok");
        assertThat(health("web")).isEqualTo("ok");
    }

    @Test
    void anAttemptThatHangsCountsAsFailedAndNoSecondAttemptStartsBesideIt() {
        withLiveness("web", 3);
        start();
        advance(1000);
        assertThat(attemptsOf("web")).isOne();
        advance(500 + HealthChecks.GRACE_MS);
        assertThat(health("web")).isEqualTo("failing 1");
        advance(1000);
        assertThat(attemptsOf("web")).as("no attempt beside the hung one").isOne();
        assertThat(health("web")).isEqualTo("failing 2");
        advance(1000);
        assertThat(sink.text()).contains("web failed its liveness check 3 times (tcp 127.0.0.1:8765: its attempt still has not ended"
                + " after 500 ms); restarting");
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.STOPPING);
    }

    @Test
    void aHungAttemptThatEndsAtLastLetsTheNextOneRun() {
        withLiveness("web", 3);
        start();
        advance(1000);
        advance(500 + HealthChecks.GRACE_MS);
        answer("web", true, "ok"); // too late: already counted as failed
        assertThat(health("web")).isEqualTo("failing 1");
        advance(1000);
        assertThat(attemptsOf("web")).isEqualTo(2);
        answer("web", true, "ok");
        assertThat(health("web")).isEqualTo("ok");
    }

    @Test
    void nothingIsScheduledForProcessesWithoutALivenessCheckOrAMemoryLimit() {
        add("plain", RestartSpec.defaults(), Optional.empty(), 0);
        start();
        assertThat(clock.activeTimers()).isZero();
        assertThat(health("plain")).isEqualTo("unknown");
    }

    @Test
    void aCrashLoopWithMaxRestartsThreeStartsFourTimesAndEndsFailedWhileItsSiblingRuns() {
        // A ready check that never passes here: the dependent waits for it.
        processes.add(new ManagedProcess("crasher", List.of(), new LaunchSpec("crasher", List.of(), Path.of("."), Map.of()),
                new RestartSpec(RestartPolicy.ON_FAILURE, 100, 800, 3), StopSignal.TERM, 5000,
                Optional.of(new org.commonplace.orchestrator.config.ReadySpec(new ReadyCheck.Tcp("127.0.0.1", 1), 250, 3_600_000))));
        add("sibling", RestartSpec.defaults(), Optional.empty(), 0);
        processes.add(new ManagedProcess("dependent", List.of("crasher"), new LaunchSpec("dependent", List.of(), Path.of("."),
                Map.of()), RestartSpec.defaults(), StopSignal.TERM, 5000));
        start();
        for (int i = 0; i < 10; i++) {
            if (supervisor.state("crasher").hasLiveChild()) {
                launcher.latest("crasher").exit(3);
                supervisor.runPending();
            }
            advance(1000);
        }
        assertThat(launcher.launches("crasher")).isEqualTo(4);
        assertThat(supervisor.state("crasher")).isEqualTo(ProcessState.FAILED);
        assertThat(sink.lines).filteredOn(l -> l.contains("crasher gave up")).containsExactly(
                "[orchestrator] crasher gave up after 3 restarts (exited with code 3 after 0 ms); now failed");
        assertThat(supervisor.state("sibling")).isEqualTo(ProcessState.RUNNING);
        assertThat(supervisor.exitCode()).isEmpty();
        assertThat(supervisor.state("dependent")).isEqualTo(ProcessState.WAITING);
        assertThat(sink.text())
                .contains("dependent keeps waiting: crasher (failed: exited with code 3) gave up; `start crasher` starts it again");

        // Started by hand, it gets a fresh count: four more starts before it gives up again.
        supervisor.post(new Event.Control(new Command.Start(List.of("crasher")), new CompletableFuture<>()));
        supervisor.runPending();
        for (int i = 0; i < 10; i++) {
            if (supervisor.state("crasher").hasLiveChild()) {
                launcher.latest("crasher").exit(3);
                supervisor.runPending();
            }
            advance(1000);
        }
        assertThat(launcher.launches("crasher")).isEqualTo(8);
        assertThat(supervisor.state("crasher")).isEqualTo(ProcessState.FAILED);
    }

    @Test
    void restartsForHangingCountTowardsMaxRestarts() {
        add("web", new RestartSpec(RestartPolicy.ALWAYS, 100, 800, 1), Optional.of(
                new LivenessSpec(new ReadyCheck.Http(java.net.URI.create("http://127.0.0.1:8765/")), 1000, 1, 500)), 0);
        start();
        advance(1000);
        answer("web", false, "HTTP 500");
        assertThat(sink.text())
                .contains("web failed its liveness check 1 time (http http://127.0.0.1:8765/ answered 500); restarting");
        launcher.latest("web").killedBy(15);
        supervisor.runPending();
        advance(100);
        assertThat(launcher.launches("web")).isEqualTo(2);
        advance(1000);
        answer("web", false, "HTTP 503");
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.FAILED);
        assertThat(sink.text()).contains("web gave up after 1 restart (was killed by SIGTERM after 1.0 s); now failed");
    }

    @Test
    void aProcessOverItsMemoryLimitIsStoppedAndRestartedAndOneUnderItIsLeftAlone() {
        add("hog", RestartSpec.defaults(), Optional.empty(), 64);
        add("lean", RestartSpec.defaults(), Optional.empty(), 64);
        start();
        rss.put("hog", 171 * MIB);
        rss.put("lean", 20 * MIB);
        advance(HealthChecks.MEMORY_SAMPLE_MS);
        assertThat(samples).as("one sampler for all limited processes").isOne();
        assertThat(sink.lines).filteredOn(l -> l.contains("max_memory_mb")).containsExactly(
                "[orchestrator] hog used 171 MB, over its max_memory_mb 64; restarting");
        assertThat(supervisor.state("hog")).isEqualTo(ProcessState.STOPPING);
        assertThat(supervisor.state("lean")).isEqualTo(ProcessState.RUNNING);
        launcher.latest("hog").killedBy(15);
        supervisor.runPending();
        assertThat(supervisor.state("hog")).isEqualTo(ProcessState.BACKING_OFF);
        advance(500);
        assertThat(launcher.launches("hog")).isEqualTo(2);
    }

    @Test
    void theSamplerStopsWhenNoLimitedProcessLives() {
        add("hog", new RestartSpec(RestartPolicy.NEVER, 100, 800), Optional.empty(), 64);
        add("other", RestartSpec.defaults(), Optional.empty(), 0);
        start();
        advance(HealthChecks.MEMORY_SAMPLE_MS);
        assertThat(samples).isOne();
        launcher.latest("hog").exit(0);
        supervisor.runPending();
        advance(HealthChecks.MEMORY_SAMPLE_MS * 3);
        assertThat(samples).isOne();
        assertThat(clock.activeTimers()).isZero();
    }
}

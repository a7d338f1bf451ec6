package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping with real signals: order, timeouts, exit codes, process groups. */
final class StopTest {
    private static final int SIGINT = 2;

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("signals.log");
    }

    private List<String> logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
    }

    @Test
    void dependentsAreStoppedBeforeWhatTheyDependOnAndACleanStopExitsZero() throws IOException {
        var config = new ConfigBuilder();
        config.fixture("base", Sleeper.class, log().toString(), "base");
        config.fixture("middle", Sleeper.class, log().toString(), "middle").put("depends_on", List.of("base"));
        config.fixture("top", Sleeper.class, log().toString(), "top").put("depends_on", List.of("middle"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[top] top is up");
            run.awaitStdout("\\[middle] middle is up");
            run.awaitStdout("\\[base] base is up");
            var order = run.stdoutLines().stream().filter(l -> l.startsWith("[orchestrator] started ")).toList();
            assertThat(order).hasSize(3);
            assertThat(order.get(0)).contains("started base ");
            assertThat(order.get(1)).contains("started middle ");
            assertThat(order.get(2)).contains("started top ");

            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(logLines()).containsExactly("top TERM", "middle TERM", "base TERM");
            assertThat(run.stdout()).contains("all processes stopped");
        }
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterItsTimeoutAndTheExitCodeIsOne() {
        var config = new ConfigBuilder();
        var stubborn = config.fixture("stubborn", Sleeper.class, log().toString(), "stubborn", "ignore-term");
        stubborn.put("stop_timeout_ms", 500);
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            long pid = Pids.fromStartedLine(run.awaitStdout("started stubborn "));
            run.awaitStdout("\\[stubborn] stubborn is up");
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(run.stdout()).contains("stubborn did not stop within 500 ms; killing its process group");
            assertThat(ProcStat.isRunning(pid)).isFalse();
        }
    }

    @Test
    void grandchildrenOfAShellScriptDoNotSurviveTheStop() throws IOException {
        Path pids = dir.resolve("grandchildren.pids");
        var config = new ConfigBuilder();
        // Two background children that ignore SIGTERM, so only the group kill can end them.
        config.shell("script", "(trap '' TERM; exec sleep 300) & echo $! >> " + pids
                + "; (trap '' TERM; exec sleep 300) & echo $! >> " + pids + "; echo spawned; wait")
                .put("stop_timeout_ms", 1000);
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[script] spawned");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);
            List<Long> grandchildren = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
            assertThat(grandchildren).allMatch(ProcStat::isRunning);
            run.signal(ProcessGroups.SIGTERM);
            run.awaitExit(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(5)).until(() -> grandchildren.stream().noneMatch(ProcStat::isRunning));
        }
    }

    @Test
    void ctrlCToTheWholeTerminalGroupReachesEachChildOnlyAsOneSigterm() throws IOException {
        var config = new ConfigBuilder();
        config.fixture("db", Sleeper.class, log().toString(), "db");
        config.fixture("app", Sleeper.class, log().toString(), "app").put("depends_on", List.of("db"));
        try (var run = OrchestratorRun.start(true, "run", "--config", config.writeTo(dir).toString())) {
            run.awaitStdout("\\[db] db is up");
            run.awaitStdout("\\[app] app is up");
            run.signalGroup(SIGINT);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(logLines()).containsExactly("app TERM", "db TERM");
            assertThat(run.stdout()).contains("received SIGINT: stopping all processes");
        }
    }

    /**
     * {@code timeout 60 commonplace-orchestrator ...} killed instead of stopping: GNU timeout sends
     * SIGTERM to the pid and then to its process group, and the second SIGTERM, microseconds later,
     * was taken for a person's second Ctrl+C: every child SIGKILLed, exit 1.
     */
    @Test
    void twoSigtermsInQuickSuccessionStopGracefullyAsOneRequest() throws IOException {
        var config = new ConfigBuilder();
        config.fixture("db", Sleeper.class, log().toString(), "db");
        config.fixture("app", Sleeper.class, log().toString(), "app").put("depends_on", List.of("db"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[db] db is up");
            run.awaitStdout("\\[app] app is up");
            run.signal(ProcessGroups.SIGTERM);
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(logLines()).containsExactly("app TERM", "db TERM");
            // (The kernel may merge the two into one pending signal; either way, no kill.)
            assertThat(run.stdout()).doesNotContain("killing every process group");
        }
    }

    @Test
    void aSecondSigintKillsEverythingAtOnce() {
        var config = new ConfigBuilder();
        config.fixture("stubborn", Sleeper.class, log().toString(), "stubborn", "ignore-term").put("stop_timeout_ms", 60_000);
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            long pid = Pids.fromStartedLine(run.awaitStdout("started stubborn "));
            run.awaitStdout("\\[stubborn] stubborn is up");
            run.signal(SIGINT);
            run.awaitStdout("stopping stubborn");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log()) && logLines().contains("stubborn TERM"));
            // A repeat within a second is the same request: press again until one counts as a second.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                run.signal(SIGINT);
                return run.stdout().contains("received SIGINT again: killing every process group now");
            });
            assertThat(run.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
            assertThat(run.stdout()).contains("received SIGINT again: killing every process group now");
            assertThat(ProcStat.isRunning(pid)).isFalse();
        }
    }

    @Test
    void aStoppedChildIsContinuedWithItsStopSignalSoTheStopTakesNoTimeout() throws IOException {
        var config = new ConfigBuilder();
        config.fixture("sleeper", Sleeper.class, log().toString(), "sleeper").put("stop_timeout_ms", 20000);
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            long pid = Pids.fromStartedLine(run.awaitStdout("started sleeper "));
            run.awaitStdout("\\[sleeper] sleeper is up");
            ProcessGroups.signalProcess(pid, 19); // SIGSTOP
            run.awaitStdout("sleeper \\(pid " + pid + "\\) was stopped by SIGSTOP");
            ProcessGroups.signalProcess(pid, 18); // SIGCONT
            run.awaitStdout("sleeper \\(pid " + pid + "\\) continued");
            ProcessGroups.signalProcess(pid, 19);
            await().atMost(Duration.ofSeconds(10)).until(() -> run.stdoutLines().stream().filter(l -> l.contains("was stopped by SIGSTOP")).count() == 2);
            run.signal(ProcessGroups.SIGTERM);
            // Not 20 s and a SIGKILL: the stop signal is followed by SIGCONT.
            assertThat(run.awaitExit(Duration.ofSeconds(15))).isZero();
            assertThat(logLines()).containsExactly("sleeper TERM");
            assertThat(run.stdout()).doesNotContain("killing");
        }
    }
}

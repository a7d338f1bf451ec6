package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.fixtures.ExitWith;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart policies, backoff and failed starts with real processes. */
final class RestartTest {
    @TempDir
    Path dir;

    @Test
    void theThreePoliciesDecideWhetherAnExitIsRestarted() {
        var config = new ConfigBuilder();
        config.fixture("always", ExitWith.class, "0").put("restart", ConfigBuilder.restart("always", 50, 50));
        config.fixture("onfail", ExitWith.class, "0").put("restart", ConfigBuilder.restart("on_failure", 50, 50));
        config.fixture("crashy", ExitWith.class, "3").put("restart", ConfigBuilder.restart("on_failure", 50, 50));
        config.fixture("never", ExitWith.class, "3").put("restart", ConfigBuilder.restart("never", 50, 50));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdoutCount("started always ", 3, Duration.ofSeconds(30));
            run.awaitStdoutCount("started crashy ", 3, Duration.ofSeconds(30));
            run.awaitStdout("onfail exited with code 0");
            run.awaitStdout("onfail will not be restarted \\(restart policy on_failure\\)");
            run.awaitStdout("never exited with code 3");
            run.awaitStdout("never will not be restarted \\(restart policy never\\)");
            assertThat(run.stdoutLines()).filteredOn(l -> l.contains("started onfail ")).hasSize(1);
            assertThat(run.stdoutLines()).filteredOn(l -> l.contains("started never ")).hasSize(1);
        }
    }

    @Test
    void aChildKilledWithSigkillIsReportedAndRestartedAfterItsDelay() {
        var config = new ConfigBuilder();
        config.fixture("victim", Sleeper.class, dir.resolve("signals.log").toString(), "victim")
                .put("restart", ConfigBuilder.restart("always", 300, 1000));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            long pid = Pids.fromStartedLine(run.awaitStdout("started victim "));
            run.awaitStdout("\\[victim] victim is up");
            ProcessGroups.signalProcess(pid, ProcessGroups.SIGKILL);
            run.awaitStdout("\\[orchestrator] victim was killed by SIGKILL after");
            run.awaitStdout("\\[orchestrator] restarting victim in 300 ms \\(attempt 1\\)");
            run.awaitStdoutCount("started victim ", 2, Duration.ofSeconds(20));
        }
    }

    @Test
    void aCommandThatCannotStartIsLoggedInOneLineAndRetriedWhileOthersRun() {
        var config = new ConfigBuilder();
        config.process("ghost", "no-such-command-for-the-test", List.of())
                .put("restart", ConfigBuilder.restart("always", 100, 200));
        config.fixture("alive", Sleeper.class, dir.resolve("signals.log").toString(), "alive");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("ghost failed to start: command 'no-such-command-for-the-test' not found on PATH", Duration.ofSeconds(20));
            run.awaitStdout("restarting ghost in 200 ms \\(attempt 2\\)");
            // The cause and its consequence on one stream, in order (with 2>&1 they must not swap).
            List<String> lines = run.stdoutLines().stream().filter(l -> l.startsWith("[orchestrator] ")).toList();
            int failed = lines.indexOf("[orchestrator] ghost failed to start: command 'no-such-command-for-the-test' not found on PATH");
            assertThat(lines.get(failed + 1)).isEqualTo("[orchestrator] restarting ghost in 100 ms (attempt 1)");
            assertThat(run.stderr()).doesNotContain("[orchestrator]");
            run.awaitStdout("\\[alive] alive is up");
            assertThat(run.isAlive()).isTrue();
        }
    }
}

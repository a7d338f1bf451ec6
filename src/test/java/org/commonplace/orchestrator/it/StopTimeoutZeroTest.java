package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, item 9b: with {@code stop_timeout_ms: 0}, processes that die of SIGTERM gave the
 * orchestrator exit code 0 once and 1 twice in three runs: the stop timeout's timer of 0 ms raced
 * their exits, and a kill that came second still counted as "had to be killed". Now the SIGKILL follows
 * the stop signal in the same step, and counts only when it is what ended the child: exit code 0, every
 * time. Eight such processes per run make the old race all but certain to show.
 */
final class StopTimeoutZeroTest {
    private static final int PROCESSES = 8;

    @TempDir
    Path dir;

    @Test
    void processesThatDieOfSigtermWithNoStopTimeoutGiveExitCodeZeroEveryTime() {
        var config = new ConfigBuilder();
        for (int i = 0; i < PROCESSES; i++) {
            config.shell("p" + i, "exec sleep 600").put("stop_timeout_ms", 0);
        }
        Path file = config.writeTo(dir);
        for (int run = 0; run < 2; run++) {
            try (var orchestrator = OrchestratorRun.run(file)) {
                orchestrator.awaitStdoutCount("started p\\d \\(pid", PROCESSES, Duration.ofSeconds(30));
                orchestrator.signal(ProcessGroups.SIGTERM);
                assertThat(orchestrator.awaitExit(Duration.ofSeconds(20))).as(orchestrator.stdout()).isZero();
                assertThat(orchestrator.stdout()).contains("all processes stopped").doesNotContain("had to be killed");
            }
        }
    }

    @Test
    void aProcessThatIgnoresSigtermWithNoStopTimeoutIsKilledAtOnceAndTheExitCodeIsOne() {
        var config = new ConfigBuilder();
        config.shell("stubborn", "trap '' TERM; while :; do sleep 1; done").put("stop_timeout_ms", 0);
        Path file = config.writeTo(dir);
        try (var orchestrator = OrchestratorRun.run(file)) {
            orchestrator.awaitStdout("started stubborn \\(pid", Duration.ofSeconds(30));
            orchestrator.signal(ProcessGroups.SIGTERM);
            assertThat(orchestrator.awaitExit(Duration.ofSeconds(20))).as(orchestrator.stdout()).isOne();
            assertThat(orchestrator.stdout()).contains("stubborn stopped in").contains("(SIGKILL)");
        }
    }
}

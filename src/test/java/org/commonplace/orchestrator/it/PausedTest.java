package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, item 9a: a child stopped by SIGSTOP was {@code running} in {@code ps --json}. It is
 * {@code paused} until SIGCONT, with its pid, and {@code running} again after.
 */
final class PausedTest {
    @TempDir
    Path dir;

    @Test
    void aSigstoppedChildIsPausedInPsUntilContinued() throws Exception {
        var config = new ConfigBuilder();
        config.shell("sleeper", "exec sleep 600");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            long pid = Pids.fromStartedLine(run.awaitStdout("started sleeper "));
            Path socket = RunFiles.of(file).socket();
            ProcessGroups.signalProcess(pid, 19); // SIGSTOP
            run.awaitStdout("sleeper \\(pid " + pid + "\\) was stopped by SIGSTOP");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode p = ps(socket);
                assertThat(p.path("state").asText()).as("%s", p).isEqualTo("paused");
                assertThat(p.path("pid").asLong()).isEqualTo(pid);
                assertThat(p.path("ready").asBoolean()).isFalse();
            });
            ProcessGroups.signalProcess(pid, 18); // SIGCONT
            run.awaitStdout("sleeper \\(pid " + pid + "\\) continued");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ps(socket).path("state").asText()).isEqualTo("running"));
        }
    }

    private static JsonNode ps(Path socket) {
        return ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"ps\"}").path("processes").get(0);
    }
}

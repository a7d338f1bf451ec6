package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code "liveness": {"silence_ms": N}} with real processes: one that goes quiet is restarted, one that talks is not. */
final class SilenceWatchdogTest {
    @TempDir
    Path dir;

    @Test
    void aProcessThatStopsWritingIsRestartedWhileOneThatKeepsWritingOnStderrIsLeftAlone() {
        var config = new ConfigBuilder();
        config.shell("quiet", "echo hello; exec sleep 1000").putAll(Map.of("liveness", Map.of("silence_ms", 1500),
                "restart", ConfigBuilder.restart("always", 100, 100)));
        config.shell("talker", "while :; do echo tick >&2; sleep 0.1; done").put("liveness", Map.of("silence_ms", 1500));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdoutCount("\\[quiet] hello", 3, Duration.ofSeconds(30));
            assertThat(run.stdout()).containsPattern("quiet wrote no output for 1\\.\\d s \\(liveness silence_ms 1500\\); restarting");
            assertThat(ControlClient.process(file, "quiet").path("restarts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(ControlClient.process(file, "talker").path("restarts").asInt()).isZero();
            assertThat(run.stdout()).doesNotContain("talker wrote no output");
        }
    }
}

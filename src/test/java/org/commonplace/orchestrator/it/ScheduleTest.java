package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.ControlClient.Result;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled job with real processes (issue 28, item 1): held back until its time, run at once with
 * {@code run_on_start} or {@code start NAME}, its next time and last result in {@code ps}; the times
 * themselves are tested on a fake clock (supervise.SchedulesTest, config.CronRuleTest).
 */
final class ScheduleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aJobWaitsForItsTimeRunsWhenStartedAndPsShowsItsNextRunAndLastResult() throws Exception {
        var config = new ConfigBuilder();
        config.shell("report", "echo report ran; exit 3").putAll(Map.of("restart", ConfigBuilder.restart("never", 0, 0),
                "schedule", Map.of("cron", "0 0 1 1 *", "time_zone", "Europe/Berlin")));
        config.shell("web", "echo web up; exec sleep 1000");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[web] web up", WAIT);
            Path socket = RunFiles.of(file).socket();
            JsonNode waiting = ControlClient.processOnSocket(socket, "report");
            assertThat(waiting.path("state").asText()).isEqualTo("stopped");
            Instant next = Instant.parse(waiting.path("next_run_at").asText());
            assertThat(next.atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalDateTime().toString()).endsWith("-01-01T00:00");
            assertThat(run.stdout()).doesNotContain("report ran");

            ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"start\",\"names\":[\"report\"]}");
            run.awaitStdout("\\[report] report ran", WAIT);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                    ControlClient.processOnSocket(socket, "report").path("last_exit").path("code").asInt() == 3);
            JsonNode after = ControlClient.processOnSocket(socket, "report");
            assertThat(after.path("next_run_at").asText()).isEqualTo(waiting.path("next_run_at").asText());
            Result ps = ControlClient.run(file, "ps");
            assertThat(ps.out()).containsPattern("report +failed .* run in ");
        }
    }

    @Test
    void runOnStartRunsTheJobWithTheOthersAndTheOrchestratorWaitsForItsNextTime() throws Exception {
        var config = new ConfigBuilder();
        config.shell("warm", "echo warmed").putAll(Map.of("restart", ConfigBuilder.restart("never", 0, 0),
                "schedule", Map.of("cron", "@yearly", "run_on_start", true)));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[warm] warmed", WAIT);
            Path socket = RunFiles.of(file).socket();
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ControlClient.processOnSocket(socket, "warm").path("state").asText().equals("stopped"));
            assertThat(run.isAlive()).as("waits for the next run").isTrue();
        }
    }
}

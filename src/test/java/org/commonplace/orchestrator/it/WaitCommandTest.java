package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.ControlClient.Result;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wait [NAME...] [--timeout S]} as a script calls it: 0 ready, 1 failed for good, 2 at the timeout. */
final class WaitCommandTest {
    @TempDir
    Path dir;

    @Test
    void waitReturnsZeroOnceTheProcessesAreReadyAndAOneShotJobDidItsJob() {
        var config = new ConfigBuilder();
        // Ready only once a file the test makes exists: wait must still be waiting before that.
        Path go = dir.resolve("go");
        config.shell("slow", "while [ ! -e " + go + " ]; do sleep 0.05; done; echo listening; exec sleep 1000")
                .put("ready", Map.of("log", "listening"));
        config.shell("migrate", "exit 0").putAll(Map.of("ready", Map.of("exit", 0),
                "restart", ConfigBuilder.restart("never", 100, 100)));
        config.shell("app", "exec sleep 1000").put("depends_on", List.of("migrate"));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("migrate finished");
            Result early = ControlClient.run(file, "wait", "--timeout", "0.5");
            assertThat(early.code()).as(early.err()).isEqualTo(2);
            assertThat(early.err().strip()).isEqualTo("timed out after 0.5 s waiting for slow (starting)");

            try (var waiting = OrchestratorRun.start("wait", "--config", file.toString())) {
                java.nio.file.Files.createFile(go);
                assertThat(waiting.awaitExit(Duration.ofSeconds(60))).as(waiting.stderr()).isZero();
                assertThat(waiting.stdout()).containsPattern("slow is ready \\(pid \\d+\\)")
                        .contains("migrate completed (exit code 0)").containsPattern("app is ready \\(pid \\d+\\)");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Result named = ControlClient.run(file, "wait", "app", "--timeout", "30");
            assertThat(named.code()).isZero();
            assertThat(named.out().lines()).singleElement().asString().startsWith("app is ready");
        }
    }

    @Test
    void waitReturnsOneAsSoonAsAProcessFailedForGoodAndTwoForAnUnknownName() {
        var config = new ConfigBuilder();
        config.shell("broken", "sleep 0.2; exit 3").putAll(Map.of("ready", Map.of("log", "never said"),
                "restart", Map.of("policy", "always", "backoff_ms", 50, "max_restarts", 1)));
        config.shell("app", "exec sleep 1000").put("depends_on", List.of("broken"));
        config.shell("up", "exec sleep 1000");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("started up ");
            Result failed = ControlClient.run(file, "wait", "app");
            assertThat(failed.code()).as(failed.out()).isEqualTo(1);
            assertThat(failed.err().lines()).singleElement().asString().startsWith("app cannot start: broken")
                    .contains("gave up");
            assertThat(ControlClient.run(file, "wait", "up").code()).isZero();
            Result unknown = ControlClient.run(file, "wait", "nope");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err()).contains("no process named 'nope'");
        }
        Result notRunning = ControlClient.run(file, "wait");
        assertThat(notRunning.code()).isEqualTo(1);
        assertThat(notRunning.err()).startsWith("not running");
    }
}

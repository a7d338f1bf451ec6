package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Hog;
import org.commonplace.orchestrator.fixtures.Sick;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness checks, the crash-loop limit and memory limits with real processes. */
final class HealthChecksTest {
    @TempDir
    Path dir;

    private static int index(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + fragment + "' in:\n" + String.join("\n", lines));
    }

    @Test
    void anHttpServerThatAnswers500IsRestartedAfterExactlyFailureThresholdFailures() throws IOException {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder();
        var web = config.fixture("web", Sick.class, Integer.toString(port), "1000", "http");
        web.put("ready", Map.of("http", "http://127.0.0.1:" + port + "/health", "interval_ms", 50));
        web.put("liveness", Map.of("http", "http://127.0.0.1:" + port + "/health", "interval_ms", 200, "failure_threshold", 3));
        web.put("restart", ConfigBuilder.restart("always", 100, 100));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("web failed its liveness check 3 times \\(http http://127\\.0\\.0\\.1:" + port
                    + "/health answered 500\\); restarting", Duration.ofSeconds(30));
            run.awaitStdoutCount("started web ", 2, Duration.ofSeconds(30));
            List<String> lines = run.stdoutLines();
            int stop = index(lines, "stopping web ");
            assertThat(index(lines, "[web] 500 #3")).isLessThan(stop);
            assertThat(lines.subList(0, stop)).noneMatch(l -> l.contains("500 #4"));
            assertThat(lines).noneMatch(l -> l.contains("liveness check 1 time") || l.contains("liveness check 2 times"));
            assertThat(index(lines, "restarting web in 100 ms (attempt 1)")).isGreaterThan(stop);
        }
    }

    @Test
    void aTcpListenerThatClosesIsRestarted() throws IOException {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder();
        var db = config.fixture("db", Sick.class, Integer.toString(port), "1000", "tcp");
        db.put("ready", Map.of("tcp", "127.0.0.1:" + port, "interval_ms", 50));
        db.put("liveness", Map.of("tcp", "127.0.0.1:" + port, "interval_ms", 200, "failure_threshold", 2));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[db] tcp closed", Duration.ofSeconds(30));
            run.awaitStdout("db failed its liveness check 2 times \\(tcp 127\\.0\\.0\\.1:" + port
                    + ": connection refused\\); restarting", Duration.ofSeconds(30));
            run.awaitStdoutCount("started db ", 2, Duration.ofSeconds(30));
        }
    }

    @Test
    void psShowsTheFailingCountAndTheStateObjectItsHealth() throws IOException {
        int closed = Mosquitto.freePort();
        var config = new ConfigBuilder();
        config.fixture("web", Sleeper.class, dir.resolve("log").toString(), "web")
                .put("liveness", Map.of("tcp", "127.0.0.1:" + closed, "interval_ms", 100, "failure_threshold", 1000));
        config.fixture("plain", Sleeper.class, dir.resolve("log").toString(), "plain");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[web] web is up");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> ControlClient.process(file, "web").path("health").asText().matches("failing [2-9]\\d*"));
            assertThat(ControlClient.process(file, "plain").path("health").asText()).isEqualTo("unknown");
            String table = ControlClient.run(file, "ps").out();
            assertThat(table).containsPattern("web +running .* failing \\d+ ");
        }
    }

    @Test
    void aCheckThatHangsPastItsTimeoutCountsAsAFailure() {
        var config = new ConfigBuilder();
        config.fixture("stuck", Sleeper.class, dir.resolve("log").toString(), "stuck")
                .put("liveness", Map.of("exec", List.of("sleep", "30"), "interval_ms", 100, "failure_threshold", 2,
                        "timeout_ms", 300));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("stuck failed its liveness check 2 times \\(exec sleep 30: no exit within 300 ms \\(killed\\)\\);"
                    + " restarting", Duration.ofSeconds(30));
            run.awaitStdoutCount("started stuck ", 2, Duration.ofSeconds(30));
        }
    }

    @Test
    void aCrashLoopWithMaxRestartsThreeStartsExactlyFourTimesAndEndsFailedWhileItsSiblingRunsOn() {
        var config = new ConfigBuilder();
        var restart = ConfigBuilder.restart("on_failure", 50, 100);
        restart.put("max_restarts", 3);
        config.shell("crasher", "echo crashing; exit 3").put("restart", restart);
        config.fixture("sibling", Sleeper.class, dir.resolve("log").toString(), "sibling");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("crasher gave up after 3 restarts \\(exited with code 3 after \\d+ ms\\); now failed",
                    Duration.ofSeconds(30));
            assertThat(run.stdoutLines()).filteredOn(l -> l.equals("[crasher] crashing")).hasSize(4);
            assertThat(ControlClient.process(file, "crasher").path("state").asText()).isEqualTo("failed");
            assertThat(ControlClient.process(file, "sibling").path("state").asText()).isEqualTo("running");
            assertThat(run.isAlive()).isTrue();
            // Started by hand, it gets a fresh count.
            ControlClient.run(file, "start", "crasher");
            run.awaitStdoutCount("crasher gave up after 3 restarts", 2, Duration.ofSeconds(30));
            assertThat(run.stdoutLines()).filteredOn(l -> l.equals("[crasher] crashing")).hasSize(8);
        }
    }

    @Test
    void aProcessThatAllocatesPastItsLimitIsRestarted() {
        var config = new ConfigBuilder();
        config.fixture("hog", Hog.class, "400").put("max_memory_mb", 200);
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("hog used \\d+ MB, over its max_memory_mb 200; restarting", Duration.ofSeconds(30));
            run.awaitStdoutCount("started hog ", 2, Duration.ofSeconds(30));
        }
    }

    @Test
    void aChildThatForksMemoryHungryGrandchildrenIsMeasuredAsAGroup() {
        String hog = Java.binary() + " " + String.join(" ", Java.fixtureArgs(Hog.class, "150"));
        var config = new ConfigBuilder();
        // Each grandchild stays well under the limit; the group does not.
        config.shell("family", hog + " & " + hog + " & " + hog + " & wait").put("max_memory_mb", 400);
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdoutCount("\\[family] holding 150 MiB", 3, Duration.ofSeconds(60));
            run.awaitStdout("family used \\d+ MB, over its max_memory_mb 400; restarting", Duration.ofSeconds(30));
        }
    }
}

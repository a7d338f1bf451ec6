package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Listen;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dependents wait until what they depend on is ready, with real servers and real output. */
final class ReadinessTest {
    @TempDir
    Path dir;

    private Map<String, Object> app(ConfigBuilder config, String dependsOn) {
        var app = config.fixture("app", Sleeper.class, dir.resolve("log").toString(), "app");
        app.put("depends_on", List.of(dependsOn));
        return app;
    }

    private static int lineIndex(OrchestratorRun run, String fragment) {
        List<String> lines = run.stdoutLines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + fragment + "' in:\n" + String.join("\n", lines));
    }

    @Test
    void aLogCheckMatchedOnlyByTheThirdLineHoldsTheDependentBackUntilThen() {
        var config = new ConfigBuilder();
        config.shell("db", "echo booting; echo loading; sleep 1; echo 'db: listening'; exec sleep 300")
                .put("ready", Map.of("log", "listening$"));
        app(config, "db");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[app] app is up");
            assertThat(run.stdout()).contains("[orchestrator] app waits for db (log /listening$/)");
            assertThat(lineIndex(run, "[db] db: listening")).isLessThan(lineIndex(run, "[orchestrator] started app "));
            assertThat(lineIndex(run, "[orchestrator] db is ready after")).isLessThan(lineIndex(run, "[orchestrator] started app "));
        }
    }

    @Test
    void tcpAndHttpChecksPassWhenTheirServerListens() throws IOException {
        int tcp = Mosquitto.freePort();
        int http = Mosquitto.freePort();
        var config = new ConfigBuilder();
        config.fixture("tcp", Listen.class, Integer.toString(tcp), "700").put("ready", Map.of("tcp", "127.0.0.1:" + tcp, "interval_ms", 50));
        config.fixture("web", Listen.class, Integer.toString(http), "700", "http")
                .put("ready", Map.of("http", "http://127.0.0.1:" + http + "/health", "interval_ms", 50));
        var app = config.fixture("app", Sleeper.class, dir.resolve("log").toString(), "app");
        app.put("depends_on", List.of("tcp", "web"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[app] app is up", Duration.ofSeconds(30));
            int started = lineIndex(run, "[orchestrator] started app ");
            assertThat(lineIndex(run, "[orchestrator] tcp is ready after")).isLessThan(started);
            assertThat(lineIndex(run, "[orchestrator] web is ready after")).isLessThan(started);
        }
    }

    @Test
    void anExecCheckPassesWhenItsCommandExitsZero() {
        var config = new ConfigBuilder();
        config.shell("maker", "sleep 0.5; touch " + dir.resolve("marker") + "; exec sleep 300")
                .put("ready", Map.of("exec", List.of("test", "-f", dir.resolve("marker").toString()), "interval_ms", 50));
        app(config, "maker");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[app] app is up");
            assertThat(lineIndex(run, "maker is ready after")).isLessThan(lineIndex(run, "started app "));
        }
    }

    @Test
    void aDependencyThatNeverBecomesReadyIsRestartedAndItsDependentNeverStarts() throws IOException {
        int closed = Mosquitto.freePort();
        var config = new ConfigBuilder();
        var db = config.fixture("db", Sleeper.class, dir.resolve("log").toString(), "db");
        db.put("ready", Map.of("tcp", "127.0.0.1:" + closed, "interval_ms", 50, "timeout_ms", 800));
        db.put("restart", ConfigBuilder.restart("always", 100, 200));
        app(config, "db");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("db was not ready within 800 ms \\(tcp 127\\.0\\.0\\.1:" + closed
                    + "; last attempt: connection refused\\); stopping it to start it again", Duration.ofSeconds(30));
            run.awaitStdout("restarting db in \\d+ ms \\(attempt 2\\)", Duration.ofSeconds(30));
            assertThat(run.stdout()).contains("app waits for db").doesNotContain("started app");
        }
    }

    @Test
    void sigtermDuringAReadinessWaitStopsPromptlyAndStartsNothingNew() throws IOException {
        int closed = Mosquitto.freePort();
        var config = new ConfigBuilder();
        config.fixture("db", Sleeper.class, dir.resolve("log").toString(), "db")
                .put("ready", Map.of("tcp", "127.0.0.1:" + closed));
        app(config, "db");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[db] db is up");
            run.awaitStdout("app waits for db \\(tcp 127\\.0\\.0\\.1:" + closed + "\\)");
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(run.stdout()).doesNotContain("started app");
        }
    }
}

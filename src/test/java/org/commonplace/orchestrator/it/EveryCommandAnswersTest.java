package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 7: {@code start app} hung for ever when a dependency it starts gave up
 * ({@code max_restarts}), and {@code restart web} never answered while web's remote dependency was
 * offline. Through the control socket, as a user types them: each answers, failed with why, or
 * waiting for what, and exits 1 (not done).
 */
final class EveryCommandAnswersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a client may take to answer here: a JVM's start on a busy machine, and the restarts of db. */
    private static final Duration ANSWER = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aStartWhoseDependencyGivesUpAnswersFailedAndSaysWhy() {
        var config = new ConfigBuilder();
        var restart = ConfigBuilder.restart("on_failure", 50, 100);
        restart.put("max_restarts", 2);
        var db = config.shell("db", "exit 3");
        db.put("restart", restart);
        db.put("ready", java.util.Map.of("log", "db is up")); // it never is: app waits for it
        config.fixture("app", Sleeper.class, dir.resolve("app.log").toString(), "app").put("depends_on", List.of("db"));
        config.fixture("sibling", Sleeper.class, dir.resolve("sibling.log").toString(), "sibling");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("db gave up after 2 restarts", WAIT);
            var start = ControlClient.run(ANSWER, file, "start", "app");
            assertThat(start.code()).as(start.toString()).isOne();
            assertThat(start.err()).contains("app cannot start: db (failed: exited with code 3) gave up; `start db` starts it again");
            run.awaitStdoutCount("db gave up after 2 restarts", 2, WAIT);
            assertThat(run.isAlive()).isTrue();
        }
    }

    @Test
    void aRestartWhileARemoteDependencyIsOfflineAnswersWaitingAndTheProcessStartsWhenItIsBack() throws Exception {
        try (var broker = Mosquitto.start(dir); var alpha = MqttSpy.subscribe(broker.port(), "x/#")) {
            alpha.retain("commonplace/orchestrator/alpha/processes/store/state", "{\"name\":\"store\",\"state\":\"running\"}");
            alpha.retain("commonplace/orchestrator/alpha/status", "online");
            Path folder = Files.createDirectories(dir.resolve("beta"));
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "beta");
            config.fixture("web", Sleeper.class, folder.resolve("web.log").toString(), "web").put("depends_on", List.of("alpha/store"));
            Path file = config.writeTo(folder, "beta.json");
            try (var run = OrchestratorRun.run(file)) {
                run.awaitStdout("started web \\(pid", WAIT);
                alpha.retain("commonplace/orchestrator/alpha/status", "offline");
                run.awaitStdout("remote dependency alpha/store is no longer ready", WAIT);
                var restart = ControlClient.run(ANSWER, file, "restart", "web");
                assertThat(restart.code()).as(restart.toString()).isOne();
                assertThat(restart.err()).contains("web waits for alpha/store (remote: instance alpha is offline);"
                        + " it starts once that is ready");
                alpha.retain("commonplace/orchestrator/alpha/status", "online");
                run.awaitStdoutCount("started web \\(pid", 2, WAIT);
            }
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Listen;
import org.commonplace.orchestrator.fixtures.PrintArgs;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's commonplace config, run for real (issue 25, items 1, 2 and 5): an empty process table that
 * waits, env files, ${VAR}, workspace and database reaching the children, --server, the user
 * defaults file, and the shipped examples passing check --strict.
 */
final class CommonplaceTodayTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anEmptyProcessTableWaitsForTheReloadThatBringsProcesses() throws Exception {
        Path file = Files.writeString(dir.resolve("commonplace.json"), "{\"processes\": {}}");
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("has no processes yet; waiting for a reload \\(or Ctrl\\+C to stop\\)", LIMIT);
            // The line promises a reload will be heard: the control socket listens already (it was said
            // before the socket was opened, and a reload sent at once found "not running").
            try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(RunFiles.of(file).socket()))) {
                assertThat(channel.isConnected()).isTrue();
            }
            var config = new ConfigBuilder();
            config.shell("web", "echo up; exec sleep 1000");
            config.writeTo(dir, "commonplace.json");
            var reload = ControlClient.run(file, "reload");
            assertThat(reload.code()).as(reload.err()).isZero();
            run.awaitStdout("\\[web] up", LIMIT);
            run.signal(15);
            assertThat(run.awaitExit(LIMIT)).as(run.stdout() + run.stderr()).isZero();
        }
    }

    @Test
    void envFilesInterpolationWorkspaceAndDatabaseReachTheRealProcesses() throws IOException {
        Files.writeString(dir.resolve(".env"), "WS=team\n");
        Files.writeString(dir.resolve("secrets.env"), """
                # the web's secrets
                export API_TOKEN="tok en"   # quoted, with a space
                GREETING='hello $WS'
                """);
        var config = new ConfigBuilder().top("workspace", "${WS:-nobody}").top("database", "data.redb");
        config.fixture("server", PrintArgs.class).put("env", Map.of("ECHO_ENV", "COMMONPLACE_WORKSPACE"));
        var web = config.fixture("web", PrintArgs.class);
        web.put("env_file", "secrets.env");
        web.put("env", Map.of("ECHO_ENV", "API_TOKEN"));
        var other = config.fixture("other", PrintArgs.class);
        other.put("env_file", List.of("secrets.env"));
        other.put("env", Map.of("ECHO_ENV", "GREETING"));
        Path file = config.writeTo(dir, "commonplace.json");
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[server] args: --database\\|data.redb$", LIMIT);
            run.awaitStdout("\\[server] env COMMONPLACE_WORKSPACE=team", LIMIT);
            run.awaitStdout("\\[web] env API_TOKEN=tok en", LIMIT);
            run.awaitStdout("\\[other] env GREETING=hello \\$WS", LIMIT);
        }
        try (var check = OrchestratorRun.start("check", "--strict", "--config", file.toString())) {
            assertThat(check.awaitExit(LIMIT)).as(check.stderr()).isZero();
            assertThat(check.stdout()).contains("commonplace: workspace team (as MQTT_WORKSPACE and COMMONPLACE_WORKSPACE"
                    + " for every process); database data.redb (--database for the process named server)");
            assertThat(check.stdout().lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                    .contains("API_TOKEN=*** (from " + dir.resolve("secrets.env") + ":2)")
                    .contains("GREETING=hello $WS (from " + dir.resolve("secrets.env") + ":3)")
                    .contains("ECHO_ENV=API_TOKEN")
                    .doesNotContain("tok en");
        }
    }

    @Test
    void serverOptionMakesTheProcessNamedServerReadyOnlyWhenItsUrlAnswers() throws IOException {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder();
        // The HTTP server answers only once the test says so: until then, server must not be ready.
        config.shell("server", "while [ ! -f go ]; do sleep 0.05; done; echo going; exec " + Java.binary() + " "
                + String.join(" ", Java.fixtureArgs(Listen.class, String.valueOf(port), "0", "http")));
        config.shell("web", "echo web up; exec sleep 1000").put("depends_on", List.of("server"));
        Path file = config.writeTo(dir, "commonplace.json");
        try (var run = OrchestratorRun.run(file, "--server", "http://127.0.0.1:" + port + "/health")) {
            await().atMost(LIMIT).ignoreExceptions().until(() -> ControlClient.process(file, "server").path("state").asText().equals("starting"));
            assertThat(run.stdout()).doesNotContain("[web] web up");
            Files.writeString(dir.resolve("go"), "");
            run.awaitStdout("\\[server] http on " + port, LIMIT);
            run.awaitStdout("\\[web] web up", LIMIT);
            assertThat(run.stdout().indexOf("server is ready")).isLessThan(run.stdout().indexOf("[web] web up"));
        }
    }

    @Test
    void theUserDefaultsFileGivesBrokerAndWorkspaceWhenTheConfigHasNone() throws IOException {
        Path defaults = Files.writeString(dir.resolve("user.json"),
                "{\"mqtt_broker\": \"localhost:1999\", \"workspace\": \"mine\", \"editor\": \"other tools' key\"}");
        Path file = Files.writeString(dir.resolve("commonplace.json"), "{\"processes\": {\"a\": {\"command\": \"true\"}}}");
        try (var check = OrchestratorRun.start(List.of(), List.of(), Map.of("COMMONPLACE_CONFIG", defaults.toString()),
                "check", "--strict", "--config", file.toString())) {
            assertThat(check.awaitExit(LIMIT)).as(check.stderr()).isZero();
            assertThat(check.stdout()).contains("is valid; mqtt_broker localhost:1999\n").contains("commonplace: workspace mine");
        }
        Files.writeString(defaults, "{\"mqtt_broker\": 5}");
        try (var check = OrchestratorRun.start(List.of(), List.of(), Map.of("COMMONPLACE_CONFIG", defaults.toString()),
                "check", "--config", file.toString())) {
            assertThat(check.awaitExit(LIMIT)).isEqualTo(2);
            assertThat(check.stderr()).contains(defaults + ":1:17: error: mqtt_broker: expected a string, got number 5");
        }
    }

    @Test
    void theShippedExamplesPassCheckStrict() {
        Path root = Path.of(System.getProperty("user.dir"));
        for (String example : List.of("commonplace.json", "examples/commonplace-today.json")) {
            try (var check = OrchestratorRun.start("check", "--strict", "--config", root.resolve(example).toString())) {
                assertThat(check.awaitExit(LIMIT)).as(example + ": " + check.stderr()).isZero();
                assertThat(check.stderr()).as(example).doesNotContain("unknown field");
            }
        }
    }
}

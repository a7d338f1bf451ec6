package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.config.ConfigLoader;
import org.commonplace.orchestrator.config.LoadResult;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check} prints about readiness (each process's check and the broker process), what it
 * says about programs that run could not start, and the dependencies run adds for the broker.
 */
final class CheckCommandTest {
    @TempDir
    Path dir;

    private String printed(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        var bytes = new ByteArrayOutputStream();
        CheckCommand.print(new ConfigLoader(true).load(file).config().orElseThrow(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void processLineEndsWithItsReadyCheckAndTheHeaderNamesTheBrokerProcess() throws IOException {
        String out = printed("""
                {"broker_process": "mosquitto", "processes": {
                  "mosquitto": {"command": "mosquitto"},
                  "web": {"command": "x", "depends_on": ["mosquitto"],
                          "ready": {"tcp": "127.0.0.1:8765", "interval_ms": 100, "timeout_ms": 3000}}}}
                """);
        assertThat(out.lines()).first().asString().endsWith("(default; not declared); broker process mosquitto");
        assertThat(out.lines().filter(l -> l.startsWith("mosquitto: "))).singleElement().asString()
                .endsWith("; ready when mqtt localhost:1883 (every 250 ms, timeout 60000 ms)");
        assertThat(out.lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                .endsWith("; ready when tcp 127.0.0.1:8765 (every 100 ms, timeout 3000 ms)");
    }

    @Test
    void argsEnvRegexesAndUnknownKeysArePrintedWithTheirControlCharactersEscaped() throws IOException {
        // A config someone else wrote, checked by root on a terminal: it must not retitle or clear it.
        Path file = Files.writeString(dir.resolve("hostile.json"), """
                {"processes": {"web": {"command": "true", "args": ["--title=\\u001b]0;pwned\\u0007", "\\u009b2J"],
                  "env": {"X": "\\u001b[2J"}, "ready": {"log": "up\\u001b\\u0007"}, "\\u001b[31mcolour": 1}}}
                """);
        try (var check = OrchestratorRun.start("check", "--config", file.toString())) {
            assertThat(check.awaitExit(Duration.ofSeconds(30))).as(check.stderr()).isZero();
            String printed = check.stdout() + check.stderr();
            assertThat(printed.chars().filter(c -> c != '\n').noneMatch(c -> c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f))
                    .as(printed).isTrue();
            assertThat(check.stdout()).contains("--title=\\e]0;pwned\\x07", "\\u009b2J", "X=\\e[2J", "up\\e\\x07");
            assertThat(check.stderr()).contains("\\e[31mcolour");
        }
    }

    @Test
    void replicasSchedulesAndFailureHooksAreShownAndAReplicatedProcessDoesNotEndCheck() throws IOException {
        String out = printed("""
                {"processes": {
                  "web": {"command": "x", "args": ["--port", "80${REPLICA}"], "replicas": 2},
                  "backup": {"command": "x", "restart": {"policy": "never"},
                             "schedule": {"cron": "*/5 * * * *", "time_zone": "Europe/Berlin", "overlap": "queue"},
                             "on_failure": {"command": ["page", "ops"], "timeout_ms": 3000}},
                  "app": {"command": "x", "depends_on": ["web"]}}}
                """);
        assertThat(out.lines().filter(l -> l.startsWith("web.2: "))).singleElement().asString()
                .startsWith("web.2: x --port 802;").endsWith("; replica 2 of 2 of web (REPLICA=2)");
        assertThat(out.lines().filter(l -> l.startsWith("backup: "))).singleElement().asString()
                .contains("; runs at '*/5 * * * *' (Europe/Berlin, overlap queue); on failure runs page ops (timeout 3000 ms)");
        assertThat(out.lines().filter(l -> l.startsWith("app: "))).singleElement().asString()
                .contains("; depends on web.1, web.2;");
        assertThat(out).contains("start order: ");
    }

    @Test
    void eachReplicaShowsItsOwnReadyAndLivenessCheck() throws IOException {
        String out = printed("""
                {"processes": {"web": {"command": "x", "replicas": 2,
                  "ready": {"http": "http://127.0.0.1:80${REPLICA}/health"},
                  "liveness": {"exec": ["probe", "--port=90${REPLICA}"]}},
                  "log": {"command": "x", "replicas": 2, "ready": {"log": "replica ${REPLICA} up"}}}}
                """);
        assertThat(out.lines().filter(l -> l.startsWith("web.2: "))).singleElement().asString()
                .contains("; ready when http http://127.0.0.1:802/health (")
                .contains("; liveness exec probe --port=902 (");
        assertThat(out.lines().filter(l -> l.startsWith("web.1: "))).singleElement().asString()
                .contains("; ready when http http://127.0.0.1:801/health (");
        assertThat(out.lines().filter(l -> l.startsWith("log.2: "))).singleElement().asString()
                .contains("; ready when log /replica 2 up/ (");
    }

    @Test
    void aReplicaWhoseCheckIsNoAddressIsNamedWithItsNumber() throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {"web": {"command": "x", "replicas": 7, "ready": {"tcp": "127.0.0.1:6553${REPLICA}"}}}}
                """);
        var result = new ConfigLoader(true).load(file);
        assertThat(result.config()).isEmpty();
        assertThat(result.problems().toString()).contains("processes.web.ready.tcp")
                .contains("replica 6 (${REPLICA} = 6)").contains("65536");
    }

    @Test
    void theFabricLineAndRemoteDependenciesAreShown() throws IOException {
        String out = printed("""
                {"mqtt_broker": "localhost", "instance": "beta", "mqtt_commands": true, "processes": {
                  "web": {"command": "x", "depends_on": ["alpha/store"]}}}
                """);
        assertThat(out.lines()).element(1).asString()
                .isEqualTo("mqtt: instance beta; state published under commonplace/orchestrator/beta; commands obeyed");
        assertThat(out.lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                .contains("; depends on alpha/store (remote: instance alpha on the broker);");
        assertThat(out).contains("start order: web");
    }

    @Test
    void theHeaderSaysWhenTheEmbeddedBrokerMayStart() throws IOException {
        String out = printed("{\"mqtt_broker\": \"127.0.0.1:1884\", \"embedded_broker\": true, \"processes\": {\"a\": {\"command\": \"x\"}}}");
        assertThat(out.lines()).first().asString()
                .endsWith("mqtt_broker 127.0.0.1:1884; embedded broker when none answers there");
        assertThat(printed("{\"processes\": {\"a\": {\"command\": \"x\"}}}")).doesNotContain("embedded");
    }

    @Test
    void processLineShowsItsLivenessCheckMaxRestartsAndMemoryLimit() throws IOException {
        String out = printed("""
                {"processes": {"web": {"command": "x", "max_memory_mb": 64,
                  "restart": {"policy": "on_failure", "max_restarts": 3},
                  "liveness": {"http": "http://127.0.0.1:8765/", "failure_threshold": 2}}}}
                """);
        assertThat(out.lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                .contains("; restart on_failure (backoff 500 ms, max 10000 ms, max_restarts 3 in a row);")
                .endsWith("; liveness http http://127.0.0.1:8765/ (every 10000 ms, restart after 2 failures,"
                        + " timeout 5000 ms); max_memory_mb 64");
    }

    @Test
    void processLineShowsItsFileWatchAndTheLastLineSaysTheConfigIsWatched() throws IOException {
        String out = printed("""
                {"watch_config": true, "processes": {"web": {"command": "x",
                  "watch": {"paths": ["src/**/*.py"], "ignore": ["src/gen/**"], "debounce_ms": 200}}}}
                """);
        assertThat(out.lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                .endsWith("; restarted when src/**/*.py (not src/gen/**) changes, debounced 200 ms");
        assertThat(out.lines()).last().asString().isEqualTo("watch_config: an edit of " + dir.resolve("commonplace.json") + " reloads it");
    }

    @Test
    void processLineShowsTheWindowItsMaxRestartsAreCountedIn() throws IOException {
        String out = printed("""
                {"processes": {"web": {"command": "x", "restart": {"max_restarts": 3, "within_ms": 1000}}}}
                """);
        assertThat(out.lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                .contains("; restart always (backoff 500 ms, max 10000 ms, max_restarts 3 within 1000 ms);");
    }

    @Test
    void processWithoutReadyAndConfigWithoutBrokerProcessPrintNeither() throws IOException {
        String out = printed("{\"processes\": {\"a\": {\"command\": \"x\"}}}");
        assertThat(out).doesNotContain("ready when", "broker process", "liveness", "max_restarts", "max_memory_mb");
    }

    /**
     * Issue 15, item 13: {@code check} said valid for a program that run cannot start. Now a warning,
     * also with {@code --strict} (run's PATH may differ), and the config still loads.
     */
    @Test
    void aProgramThatIsMissingNotExecutableOrADirectoryIsAWarningEvenWhenStrict() throws IOException {
        Files.writeString(dir.resolve("plain.sh"), "#!/bin/sh\n");
        Files.createDirectory(dir.resolve("folder"));
        Path file = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {
                  "missing": {"command": "no-such-program-anywhere"},
                  "plain": {"command": "./plain.sh"},
                  "folder": {"command": "./folder"},
                  "shell": {"command": "sh"},
                  "absolute": {"command": "/bin/sh"}}}
                """);
        LoadResult result = new ConfigLoader(true, CheckCommand.PROGRAMS).load(file);
        assertThat(result.config()).isPresent();
        assertThat(result.warnings().stream()
                .map(p -> p.format().replaceFirst("^" + java.util.regex.Pattern.quote(dir + "/"), ""))).containsExactly(
                "commonplace.json:2:26: warning: processes.missing.command: command 'no-such-program-anywhere' not"
                        + " found on PATH; run will fail to start it unless that changes",
                "commonplace.json:3:24: warning: processes.plain.command: command './plain.sh' is not executable ("
                        + dir.resolve("plain.sh") + "); run will fail to start it unless that changes",
                "commonplace.json:4:25: warning: processes.folder.command: command './folder' is a directory ("
                        + dir.resolve("folder") + "); run will fail to start it unless that changes");
    }

    /** Issue 15, item 13: a broker_process config said "store ... depends on nothing". */
    @Test
    void aProcessThatGetsTheBrokerShowsThatItWaitsForTheBrokerProcessAndStartsAfterIt() throws IOException {
        String out = printed("""
                {"broker_process": "zbroker", "processes": {
                  "zbroker": {"command": "mosquitto"},
                  "db": {"command": "x"},
                  "app": {"command": "commonplace-app", "depends_on": ["db"]}}}
                """);
        assertThat(out.lines().filter(l -> l.startsWith("app: "))).singleElement().asString()
                .startsWith("app: commonplace-app --mqtt-broker localhost:1883; depends on db, zbroker (the broker process);");
        assertThat(out.lines().filter(l -> l.startsWith("db: "))).singleElement().asString()
                .contains("; depends on nothing;");
        assertThat(out.lines().toList().getLast()).isEqualTo("start order: db, zbroker, app");
    }
}

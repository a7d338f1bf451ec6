package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configs that load: defaults, every field, start order, and how warnings and strictness behave. */
final class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/configs/valid/" + name).toURI());
    }

    private static OrchestratorConfig loaded(LoadResult result) {
        assertThat(result.problems()).as("problems").isEmpty();
        return result.config().orElseThrow();
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("commonplace.json"), json);
    }

    @Test
    void minimalConfigGetsEveryDefault() throws Exception {
        Path file = fixture("minimal.json");
        OrchestratorConfig config = loaded(new ConfigLoader(false).load(file));

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.broker()).isEqualTo(new BrokerAddress("localhost", 1883));
        assertThat(config.brokerDeclared()).isFalse();
        ProcessSpec store = config.process("store").orElseThrow();
        assertThat(store).isEqualTo(new ProcessSpec("store", "commonplace-store", List.of(),
                List.of(), RestartSpec.defaults(), file.toAbsolutePath().normalize().getParent(),
                Map.of(), StopSignal.TERM, 5000, Optional.empty(), Optional.empty()));
        assertThat(store.restart()).isEqualTo(new RestartSpec(RestartPolicy.ALWAYS, 500, 10_000));
    }

    @Test
    void fullConfigIsReadExactly() throws Exception {
        Path file = fixture("full.json");
        OrchestratorConfig config = loaded(new ConfigLoader(true).load(file));
        Path folder = file.toAbsolutePath().normalize().getParent();

        assertThat(config.broker()).isEqualTo(new BrokerAddress("broker.local", 1884));
        assertThat(config.brokerDeclared()).isTrue();
        assertThat(config.startOrder()).containsExactly("store", "http");
        assertThat(config.process("store").orElseThrow()).isEqualTo(new ProcessSpec("store", "commonplace-store",
                List.of("--database", "./data.redb", "--fs-root", "fs-root.json"), List.of(),
                new RestartSpec(RestartPolicy.ON_FAILURE, 1000, 30_000), folder.resolve("work"),
                Map.of("RUST_LOG", "debug", "EMPTY", ""), StopSignal.INT, 12_000, Optional.of(false), Optional.empty()));
        assertThat(config.process("http").orElseThrow()).isEqualTo(new ProcessSpec("http",
                "/usr/local/bin/commonplace-http", List.of("--port", "3000"), List.of("store"),
                new RestartSpec(RestartPolicy.NEVER, 0, 0), folder, Map.of(), StopSignal.QUIT, 0,
                Optional.of(true), Optional.empty()));
    }

    @Test
    void processesAreInStartOrderBrokerThenStoreThenHttp() throws Exception {
        OrchestratorConfig config = loaded(new ConfigLoader(false).load(fixture("order.json")));
        assertThat(config.startOrder()).containsExactly("broker", "store", "http");
        assertThat(config.processes().sequencedKeySet()).containsExactly("broker", "store", "http");
    }

    @Test
    void twoProcessCycleIsAnErrorPrintedAsItsPath() throws IOException {
        LoadResult result = new ConfigLoader(false).load(write("""
                {"processes": {
                  "b": {"command": "x", "depends_on": ["a"]},
                  "a": {"command": "x", "depends_on": ["b"]}
                }}
                """));
        assertThat(result.config()).isEmpty();
        assertThat(result.errors()).singleElement().extracting(Problem::format).isEqualTo(
                dir.resolve("commonplace.json") + ":3:40: error: processes.a.depends_on[0]: dependency cycle: a -> b -> a");
    }

    @Test
    void brokerIsDeclaredWhenTheFileHasTheKeyEvenWithTheDefaultValue() throws IOException {
        LoadResult result = new ConfigLoader(false).load(write("""
                {"mqtt_broker": "localhost:1883", "processes": {"a": {"command": "x"}}}
                """));
        assertThat(loaded(result).brokerDeclared()).isTrue();
    }

    @Test
    void brokerAcceptsEveryDocumentedForm() throws IOException {
        for (var form : Map.of("mqtt.example", "mqtt.example:1883", "mqtt://10.0.0.2:1999", "10.0.0.2:1999",
                "tcp://[::1]:1884", "[::1]:1884", "host:2000", "host:2000").entrySet()) {
            LoadResult result = new ConfigLoader(false).load(write(
                    "{\"mqtt_broker\": \"" + form.getKey() + "\", \"processes\": {\"a\": {\"command\": \"x\"}}}"));
            assertThat(loaded(result).broker()).hasToString(form.getValue());
        }
    }

    @Test
    void relativeCwdIsResolvedAgainstTheConfigFolder() throws IOException {
        Files.createDirectories(dir.resolve("services/store"));
        LoadResult result = new ConfigLoader(false).load(write("""
                {"processes": {"a": {"command": "x", "cwd": "services/store"}, "b": {"command": "y", "cwd": "/"}}}
                """));
        OrchestratorConfig config = loaded(result);
        assertThat(config.process("a").orElseThrow().cwd()).isEqualTo(dir.toAbsolutePath().resolve("services/store"));
        assertThat(config.process("b").orElseThrow().cwd()).isEqualTo(Path.of("/"));
    }

    @Test
    void stopSignalAcceptsTheSigPrefixInAnyCase() throws IOException {
        LoadResult result = new ConfigLoader(false).load(write("""
                {"processes": {"a": {"command": "x", "stop_signal": "sigHup"}}}
                """));
        assertThat(loaded(result).process("a").orElseThrow().stopSignal()).isEqualTo(StopSignal.HUP);
    }

    @Test
    void unknownFieldIsAWarningWithSuggestionAndTheConfigStillLoads() throws IOException {
        LoadResult result = new ConfigLoader(false).load(write("""
                {"processes": {
                  "store": {"command": "x"},
                  "http": {"command": "y", "depend_on": ["store"]}
                }}
                """));
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.config()).isPresent();
        assertThat(result.warnings()).singleElement().extracting(Problem::format).asString()
                .endsWith("commonplace.json:3:28: warning: processes.http.depend_on: unknown field 'depend_on' in "
                        + "processes.http; did you mean 'depends_on'?");
    }

    @Test
    void strictModeTurnsUnknownFieldsIntoErrorsWithTheSameText() throws IOException {
        Path file = write("""
                {"processes": {"a": {"command": "x", "restart": {"Policy": "never"}}}, "mqtt-broker": "h"}
                """);
        LoadResult lenient = new ConfigLoader(false).load(file);
        LoadResult strict = new ConfigLoader(true).load(file);

        assertThat(lenient.config()).isPresent();
        assertThat(strict.config()).isEmpty();
        assertThat(strict.warnings()).isEmpty();
        assertThat(strict.errors()).extracting(Problem::message).containsExactly(
                "unknown field 'Policy' in processes.a.restart; did you mean 'policy'?",
                "unknown field 'mqtt-broker' at the top level; did you mean 'mqtt_broker'?");
        assertThat(strict.errors()).extracting(Problem::message)
                .isEqualTo(lenient.warnings().stream().map(Problem::message).toList());
    }

    @Test
    void unknownFieldWithoutACloseMatchListsTheKnownFields() throws IOException {
        LoadResult result = new ConfigLoader(false).load(write("""
                {"processes": {"a": {"command": "x", "restart": {"tries": 3}}}}
                """));
        assertThat(result.warnings()).singleElement().extracting(Problem::message).isEqualTo(
                "unknown field 'tries' in processes.a.restart; known fields: policy, backoff_ms, max_backoff_ms, max_restarts, within_ms, success_exit_codes");
    }

    @Test
    void problemsAreListedInFileOrder() throws IOException {
        LoadResult result = new ConfigLoader(false).load(write("""
                {"processes": {
                  "b": {"command": "x", "depends_on": ["zz"]},
                  "a": {"command": ""}
                },
                "mqtt_broker": "h:0"}
                """));
        assertThat(result.errors()).extracting(Problem::line).containsExactly(2, 3, 5);
    }
}

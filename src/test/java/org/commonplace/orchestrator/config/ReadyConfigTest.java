package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ready} blocks and {@code broker_process} that load: every kind, the defaults, the implicit check. */
final class ReadyConfigTest {
    @TempDir
    Path dir;

    private OrchestratorConfig load(String json) throws IOException {
        LoadResult result = new ConfigLoader(true).load(Files.writeString(dir.resolve("commonplace.json"), json));
        assertThat(result.problems()).as("problems").isEmpty();
        return result.config().orElseThrow();
    }

    private Optional<ReadySpec> readyOf(String ready) throws IOException {
        return load("{\"processes\": {\"web\": {\"command\": \"x\", \"ready\": " + ready + "}}}")
                .process("web").orElseThrow().ready();
    }

    @Test
    void processWithoutReadyHasNoCheck() throws IOException {
        assertThat(load("{\"processes\": {\"a\": {\"command\": \"x\"}}}").process("a").orElseThrow().ready()).isEmpty();
    }

    @Test
    void readyGetsTheDefaultIntervalAndTimeout() throws IOException {
        assertThat(readyOf("{\"tcp\": \"127.0.0.1:8765\"}")).contains(
                new ReadySpec(new ReadyCheck.Tcp("127.0.0.1", 8765), 250, 60_000));
    }

    @Test
    void intervalAndTimeoutAreReadWhenGiven() throws IOException {
        assertThat(readyOf("{\"http\": \"http://localhost:5199/health\", \"interval_ms\": 1, \"timeout_ms\": 1500}"))
                .contains(new ReadySpec(new ReadyCheck.Http(URI.create("http://localhost:5199/health")), 1, 1500));
    }

    @Test
    void everyKindIsReadAndDescribedAsTheTerminalShowsIt() throws IOException {
        assertThat(readyOf("{\"tcp\": \"[::1]:8765\"}").orElseThrow().check().describe()).isEqualTo("tcp [::1]:8765");
        assertThat(readyOf("{\"http\": \"https://h.example/health\"}").orElseThrow().check().describe())
                .isEqualTo("http https://h.example/health");
        assertThat(readyOf("{\"exec\": [\"pg_isready\", \"-h\", \"localhost\"]}").orElseThrow().check())
                .isEqualTo(new ReadyCheck.Exec(List.of("pg_isready", "-h", "localhost")))
                .extracting(ReadyCheck::describe).isEqualTo("exec pg_isready -h localhost");
        assertThat(readyOf("{\"log\": \"listening on\"}").orElseThrow().check())
                .isEqualTo(new ReadyCheck.Log(Pattern.compile("listening on")))
                .extracting(ReadyCheck::describe).isEqualTo("log /listening on/");
        assertThat(readyOf("{\"mqtt\": \"localhost\"}").orElseThrow().check())
                .isEqualTo(new ReadyCheck.Mqtt(new BrokerAddress("localhost", 1883)))
                .extracting(ReadyCheck::describe).isEqualTo("mqtt localhost:1883");
        assertThat(readyOf("{\"mqtt_message\": {\"topic\": \"events/+/initial-complete\", \"payload\": \"^done$\"}}").orElseThrow())
                .satisfies(r -> assertThat(r.check()).isEqualTo(new ReadyCheck.MqttMessage("events/+/initial-complete",
                        java.util.Optional.of(Pattern.compile("^done$")))))
                .satisfies(r -> assertThat(r.describe()).isEqualTo("mqtt_message events/+/initial-complete /^done$/ (timeout 60000 ms)"));
        assertThat(readyOf("{\"mqtt_message\": {\"topic\": \"a/#\"}}").orElseThrow().check().describe()).isEqualTo("mqtt_message a/#");
    }

    @Test
    void execArgumentWithSpacesIsQuotedInTheDescription() {
        assertThat(new ReadyCheck.Exec(List.of("sh", "-c", "test -f ready")).describe())
                .isEqualTo("exec sh -c 'test -f ready'");
    }

    @Test
    void readySpecDescribesItsIntervalAndTimeout() {
        assertThat(ReadySpec.withDefaults(new ReadyCheck.Tcp("127.0.0.1", 8765)).describe())
                .isEqualTo("tcp 127.0.0.1:8765 (every 250 ms, timeout 60000 ms)");
    }

    @Test
    void withoutBrokerProcessNoneIsSet() throws IOException {
        assertThat(load("{\"processes\": {\"a\": {\"command\": \"x\"}}}").brokerProcess()).isEmpty();
    }

    @Test
    void brokerProcessWithoutReadyIsReadyWhenTheConfigsBrokerAnswersMqtt() throws IOException {
        OrchestratorConfig config = load("""
                {"mqtt_broker": "127.0.0.1:1884", "broker_process": "mosquitto",
                 "processes": {"mosquitto": {"command": "mosquitto"}, "store": {"command": "commonplace-store"}}}
                """);
        assertThat(config.brokerProcess()).contains("mosquitto");
        assertThat(config.process("mosquitto").orElseThrow().ready()).contains(new ReadySpec(
                new ReadyCheck.Mqtt(new BrokerAddress("127.0.0.1", 1884)), 250, 60_000));
        assertThat(config.process("store").orElseThrow().ready()).isEmpty();
    }

    @Test
    void brokerProcessWithTheDefaultBrokerIsCheckedAtLocalhost1883() throws IOException {
        OrchestratorConfig config = load("{\"broker_process\": \"m\", \"processes\": {\"m\": {\"command\": \"x\"}}}");
        assertThat(config.process("m").orElseThrow().ready().orElseThrow().check())
                .isEqualTo(new ReadyCheck.Mqtt(new BrokerAddress("localhost", 1883)));
    }

    @Test
    void brokerProcessKeepsItsOwnReadyCheck() throws IOException {
        OrchestratorConfig config = load("""
                {"broker_process": "m", "processes": {"m": {"command": "x", "ready": {"tcp": "localhost:1883"}}}}
                """);
        assertThat(config.process("m").orElseThrow().ready().orElseThrow().check())
                .isEqualTo(new ReadyCheck.Tcp("localhost", 1883));
    }

    @Test
    void withProcessesKeepsTheBrokerProcessName() throws IOException {
        OrchestratorConfig config = load("""
                {"broker_process": "m", "processes": {"m": {"command": "x"}, "a": {"command": "y"}}}
                """);
        OrchestratorConfig without = config.withProcesses(java.util.Map.of("a", config.process("a").orElseThrow()));
        assertThat(without.startOrder()).containsExactly("a");
        assertThat(without.brokerProcess()).contains("m");
    }

    @Test
    void extraArgsKeepTheReadyCheck() throws IOException {
        ProcessSpec spec = load("{\"processes\": {\"a\": {\"command\": \"x\", \"ready\": {\"log\": \"up\"}}}}")
                .process("a").orElseThrow();
        assertThat(spec.withExtraArgs(List.of("-v")).ready()).isEqualTo(spec.ready());
    }
}

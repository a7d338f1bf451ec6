package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.MqttPeer;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker is a supervised process like any other (issue 24): named {@code broker} in
 * {@code ps}, started first and ready at its CONNACK, restarted with backoff when it is killed, and
 * only what uses MQTT waits for it.
 */
final class EmbeddedBrokerSupervisedTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theBrokerIsAProcessInPsStartedFirstAndRestartedWhenKilled() throws Exception {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("embedded_broker", true);
        var listener = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", Java.classpath(),
                MqttPeer.class.getName(), "subscribe", "demo/#"));
        Map<String, Object> peer = config.process("listener", Java.binary(), listener);
        peer.put("mqtt_broker_arg", true);
        config.fixture("plain", Sleeper.class, dir.resolve("log").toString(), "plain");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[orchestrator] broker is ready after", START);
            run.awaitStdout("\\[listener] ", START);
            List<String> lines = run.stdoutLines();
            assertThat(index(lines, "started broker")).isLessThan(index(lines, "started listener"));
            // The listener is handed the broker: it starts once the broker answers; the plain one does not wait.
            assertThat(index(lines, "broker is ready after")).isLessThan(index(lines, "started listener"));
            // It is said to listen once it answered a CONNECT with a CONNACK, not when it was decided to start it.
            run.awaitStdout("listening on 127\\.0\\.0\\.1:" + port, START);
            lines = run.stdoutLines();
            assertThat(index(lines, "listening on 127.0.0.1:" + port)).isGreaterThan(index(lines, "broker is ready after"));

            JsonNode broker = ControlClient.process(file, "broker");
            assertThat(broker.get("state").asText()).isEqualTo("running");
            long pid = broker.get("pid").asLong();
            // Read whole: the JDK's ProcessHandle.Info cuts a long command line (the test classpath) short.
            assertThat(new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + pid + "/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("BrokerProcess");

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            run.awaitStdoutCount("\\[orchestrator] broker is ready after", 2, START);
            await().atMost(START).untilAsserted(() -> {
                JsonNode again = ControlClient.process(file, "broker");
                assertThat(again.get("state").asText()).isEqualTo("running");
                assertThat(again.get("pid").asLong()).isNotEqualTo(pid);
                assertThat(again.get("restarts").asInt()).isEqualTo(1);
            });

            run.signal(15);
            assertThat(run.awaitExit(START)).isZero();
            // Stopped last: the listener was stopped while the broker still ran.
            assertThat(index(run.stdoutLines(), "stopping broker")).isGreaterThan(index(run.stdoutLines(), "listener stopped in"));
        }
        assertThat(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("127.0.0.1 " + port)))
                .as("the broker's JVM is gone").isFalse();
    }

    private static int index(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line containing '" + text + "' in:\n" + String.join("\n", lines));
    }
}

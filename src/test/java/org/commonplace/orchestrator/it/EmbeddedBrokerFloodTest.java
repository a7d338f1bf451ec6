package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 3: any local user may publish on the embedded broker. Retained QoS 1 messages of
 * 1 MiB on distinct topics pinned 119 of the orchestrator's 128 MB heap; the I/O loop died of
 * OutOfMemoryError and a killed child was never restarted. Now the broker runs in a JVM of its own,
 * keeps at most 16 MiB of retained messages (saying once that it refuses more), and supervision goes on.
 */
final class EmbeddedBrokerFloodTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A message just under the embedded broker's 1 MiB limit. */
    private static final byte[] MEBIBYTE = new byte[(1 << 20) - 1024];

    @TempDir
    Path dir;

    @Test
    void aFloodOfRetainedMessagesIsRefusedBeyondTheBudgetAndAKilledChildIsStillRestarted() throws Exception {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("embedded_broker", true)
                .top("instance", "alpha");
        config.fixture("web", Sleeper.class, dir.resolve("web.log").toString(), "web")
                .put("restart", ConfigBuilder.restart("always", 100, 100));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.start(List.of(), List.of("-Xmx128m"), Map.of(), "run", "--config", file.toString())) {
            run.awaitStdout("MQTT: connected to 127.0.0.1:" + port, WAIT);
            long pid = ControlClient.process(file, "web").path("pid").asLong();
            try {
                MqttClient attacker = connect(port);
                // 160 MiB, more than the orchestrator's whole heap, on distinct topics, each acknowledged.
                for (int i = 0; i < 160; i++) {
                    attacker.publish("flood/" + i, MEBIBYTE, 1, true);
                }
                attacker.disconnect();
                attacker.close();
            } catch (MqttException e) {
                throw run.explain("the flooding client failed", e);
            }
            run.awaitStdout("\\[broker] its retained messages are at their budget", WAIT);

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(WAIT).until(() -> {
                long now = ControlClient.process(file, "web").path("pid").asLong();
                return now != 0 && now != pid;
            });
            assertThat(run.stdout().split("retained messages are at their budget", -1)).hasSize(2);
            assertThat(run.stdout() + run.stderr()).doesNotContain("java.lang.OutOfMemoryError");
            run.signal(15);
            assertThat(run.awaitExit(WAIT)).isZero();
        }
    }

    private static MqttClient connect(int port) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, "attacker", new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setMaxInflight(10);
        client.setTimeToWait(20_000);
        client.connect(options);
        return client;
    }
}

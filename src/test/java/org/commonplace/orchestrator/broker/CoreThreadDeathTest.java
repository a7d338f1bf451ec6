package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.io.TempDir;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.Test;

/**
 * Moquette 0.17's one session loop dying: its thread ends, and with it every answer to every client,
 * while the broker's process stays up. {@link CoreThreads} makes the process exit then, so that it is
 * started again at once ({@link EmbeddedBroker} here, the supervisor under the orchestrator).
 */
final class CoreThreadDeathTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A real way any local client kills the loop ({@link #killSessionLoop}). */
    @Test
    void aSessionLoopKilledByAClientEndsTheBrokerProcessWhichIsStartedAgain() throws Exception {
        int port = Mosquitto.freePort();
        List<String> said = new CopyOnWriteArrayList<>();
        var broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), EmbeddedBrokerSettings.OPEN,
                said::add).broker().orElseThrow();
        try (broker) {
            long firstPid = broker.pid();
            killSessionLoop(port);
            await().atMost(WAIT).untilAsserted(() -> assertThat(said)
                    .anyMatch(line -> line.startsWith("embedded MQTT broker: " + CoreThreads.LINE_START)
                            && line.contains("'Session Executor 0'") && line.contains("IllegalReferenceCountException"))
                    .anyMatch(line -> line.contains("(pid " + firstPid + ") ended (exit code " + CoreThreads.EXIT_CODE + ")")));
            assertThat(said).filteredOn(line -> line.contains(CoreThreads.LINE_START)).hasSize(1);
            // Started again, and it answers.
            await().atMost(WAIT).until(() -> broker.pid() != firstPid);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (var client = RawMqtt.connect(port, "core-death-after", null, null, null, 1 << 16, WAIT)) {
                    assertThat(client.connack()).isZero();
                }
            });
        }
    }

    /**
     * Under the orchestrator: the broker's exit is a crash like any other, so the supervisor starts it again
     * with its backoff (0.5 s first), not after its liveness check's three failed CONNECTs (about 30 s).
     */
    @Test
    void underTheOrchestratorTheBrokerIsRestartedWhenItsSessionLoopDies(@TempDir Path dir) throws Exception {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("embedded_broker", true);
        config.fixture("plain", Sleeper.class, dir.resolve("log").toString(), "plain");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[orchestrator] broker is ready after", WAIT);
            long pid = ControlClient.process(file, "broker").get("pid").asLong();
            killSessionLoop(port);
            run.awaitStderr("\\[broker] " + java.util.regex.Pattern.quote(CoreThreads.LINE_START + "'Session Executor 0' died ("
                    + "io.netty.util.IllegalReferenceCountException"), WAIT);
            run.awaitStdoutCount("\\[orchestrator] broker is ready after", 2, WAIT);
            await().atMost(WAIT).untilAsserted(() -> {
                var again = ControlClient.process(file, "broker");
                assertThat(again.get("state").asText()).isEqualTo("running");
                assertThat(again.get("pid").asLong()).isNotEqualTo(pid);
                assertThat(again.get("restarts").asInt()).isEqualTo(1);
            });
            run.signal(15);
            assertThat(run.awaitExit(WAIT)).isZero();
        }
    }

    /**
     * A clean session's DISCONNECT followed, in the same write, by a PUBACK of the message it has in flight:
     * Moquette ends the session on the DISCONNECT (freeing that message but leaving it in its in-flight
     * window), then handles the PUBACK, frees it again ({@code IllegalReferenceCountException}), and its
     * session loop rethrows that and ends.
     */
    static void killSessionLoop(int port) throws java.io.IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            send(socket, RawMqtt.connectPacket("core-death", null, null, null), RawMqtt.subscribePacket(1, "core/death"),
                    RawMqtt.publishPacket(2, "core/death", "in flight"));
            var in = new DataInputStream(socket.getInputStream());
            RawMqtt.Packet publish = null;
            for (int got = 0; got < 4; got++) { // CONNACK, SUBACK, and the PUBACK and the message in either order
                RawMqtt.Packet packet = RawMqtt.read(in);
                assertThat(packet).as("the broker's answers").isNotNull();
                publish = packet.type() == 3 ? packet : publish;
            }
            assertThat(publish).as("the message back").isNotNull();
            byte[] body = publish.body();
            int id = 2 + ((body[0] & 0xff) << 8 | (body[1] & 0xff));
            send(socket, RawMqtt.disconnectPacket(), new byte[] {0x40, 2, body[id], body[id + 1]});
        }
    }

    private static void send(Socket socket, byte[]... packets) throws java.io.IOException {
        var all = new java.io.ByteArrayOutputStream();
        for (byte[] packet : packets) {
            all.writeBytes(packet);
        }
        socket.getOutputStream().write(all.toByteArray());
    }
}

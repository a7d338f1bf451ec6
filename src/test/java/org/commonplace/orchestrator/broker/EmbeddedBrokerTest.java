package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.EmbeddedBrokerClients;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The embedded broker, a JVM of its own: it serves MQTT 3.1.1 clients, is started again if it dies, and its stop leaves no thread or port behind. */
final class EmbeddedBrokerTest {
    @Test
    void servesRetainedMessagesToAnEmptyClientIdAndLeavesNothingRunningAfterClose() throws Exception {
        int port = Mosquitto.freePort();
        var start = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("localhost:" + port));
        assertThat(start.broker()).isPresent();
        assertThat(start.line()).endsWith("listening on 127.0.0.1:" + port + " (loopback only)");
        try (EmbeddedBroker broker = start.broker().get()) {
            MqttClient publisher = connect(port);
            publisher.publish("t/retained", "kept".getBytes(StandardCharsets.UTF_8), 1, true);
            publisher.disconnect();
            publisher.close();
            MqttClient subscriber = connect(port);
            var got = new ArrayBlockingQueue<String>(4);
            subscriber.subscribe("t/#", 1, (topic, message) -> got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("t/retained=kept");
            // A document of 100 KB passes (Moquette's own limit is 8092 bytes). From another client:
            // Moquette drops what it would send on a connection with more than 64 KiB waiting, so a
            // client subscribed to its own big message may never get its PUBACK (README, "Embedded broker").
            String big = "x".repeat(100_000);
            MqttClient bigPublisher = connect(port);
            bigPublisher.publish("t/big", big.getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("t/big=" + big);
            bigPublisher.disconnect();
            bigPublisher.close();
            subscriber.disconnectForcibly(0, 1000);
            subscriber.close();
            assertThat(broker.endpoint()).isEqualTo("127.0.0.1:" + port);
        }
        // The port is closed by close() itself; Netty's and Moquette's threads end after Netty's quiet period.
        assertThat(answers(port)).isFalse();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(n -> n.startsWith("nioEventLoopGroup") || n.startsWith("Session Executor")).toList())
                        .isEmpty());
    }

    @Test
    void aSecondOneOnTheSameAddressUsesTheFirst() throws Exception {
        int port = Mosquitto.freePort();
        var first = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port));
        try (EmbeddedBroker broker = first.broker().orElseThrow()) {
            var second = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port));
            assertThat(second.broker()).isEmpty();
            assertThat(second.line()).isEqualTo("an MQTT broker already answers at 127.0.0.1:" + port
                    + "; using it (the embedded broker is not started)");
        }
    }

    @Test
    void aBrokerThatDiesIsStartedAgainOnTheSameAddressAndSaidOnce() throws Exception {
        int port = Mosquitto.freePort();
        var said = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var start = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), EmbeddedBrokerSettings.OPEN, said::add);
        try (EmbeddedBroker broker = start.broker().orElseThrow()) {
            long first = broker.pid();
            assertThat(first).isNotEqualTo(ProcessHandle.current().pid());
            // As the kernel's OOM killer or a stray kill -9 would.
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.pid() != first && answers(port));
            assertThat(said).containsExactly(
                    "the embedded MQTT broker (pid " + first + ") ended (exit code 137); starting it again in 500 ms",
                    "the embedded MQTT broker listens again on 127.0.0.1:" + port + " (pid " + broker.pid() + ")");
        }
        assertThat(answers(port)).isFalse();
    }

    private static MqttClient connect(int port) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, "", new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        // A lost acknowledgement fails the test instead of hanging it.
        client.setTimeToWait(10_000);
        EmbeddedBrokerClients.connect(client, options);
        return client;
    }

    private static boolean answers(int port) {
        return BrokerCheck.problem(BrokerAddress.parse("127.0.0.1:" + port), Duration.ofSeconds(2)).isEmpty();
    }
}

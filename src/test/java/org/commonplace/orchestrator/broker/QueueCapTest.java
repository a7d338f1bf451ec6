package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading while another client floods its topic: Moquette 0.17 queued every
 * QoS 1 message for it without a limit until the broker's 64 MiB heap was gone and the broker died
 * with every client. Now its queue is capped ({@link CappedQueue}): it is cut off, said in a line, and
 * the broker and its other clients go on.
 */
final class QueueCapTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** 300 messages of 256 KiB: 75 MiB, more than the broker's whole heap. */
    private static final int MESSAGES = 300;
    private static final byte[] PAYLOAD = new byte[256 << 10];
    /** How far the publisher may run ahead of the reading subscriber (2 MiB, within its own cap). */
    private static final int AHEAD = 8;

    @Test
    void aSubscriberThatStopsReadingIsCutOffAndTheBrokerAndItsOtherClientsGoOn() throws Exception {
        int port = Mosquitto.freePort();
        var said = new CopyOnWriteArrayList<String>();
        var start = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), EmbeddedBrokerSettings.OPEN, said::add);
        try (EmbeddedBroker broker = start.broker().orElseThrow(); RawMqtt slow = RawMqtt.connect(port, "slow", null, null, null, 4096, WAIT)) {
            long pid = broker.pid();
            // Subscribed, and then it reads nothing more.
            assertThat(slow.subscribe("cap/t")).isEqualTo(1);
            var reading = connect(port, "reader");
            var got = new AtomicInteger();
            var room = new Semaphore(AHEAD);
            reading.subscribe("cap/t", 1, (topic, message) -> {
                got.incrementAndGet();
                room.release();
            });
            MqttClient publisher = connect(port, "flooder");
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(room.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the reader got message %d", i - AHEAD).isTrue();
                publisher.publish("cap/t", PAYLOAD, 1, false);
            }
            await().atMost(WAIT).until(() -> got.get() == MESSAGES);
            await().atMost(WAIT).until(() -> said.stream().anyMatch(l -> l.contains("client 'slow' was cut off")));
            assertThat(said).filteredOn(l -> l.contains("cut off")).singleElement().asString().matches("embedded MQTT broker: client"
                    + " 'slow' was cut off: it does not take its messages \\(\\d+ bytes queued, at most 8388608 per client\\);"
                    + " more for it are dropped until it catches up");
            // The slow one's connection is closed: what the kernel still held for it, then its end.
            assertThat(slow.drainToEnd()).isLessThan((long) MESSAGES * PAYLOAD.length / 2);
            // The same broker (not one started again after an OutOfMemoryError) still serves everyone else.
            assertThat(broker.pid()).isEqualTo(pid);
            var after = new ArrayBlockingQueue<String>(1);
            reading.subscribe("cap/after", 1, (topic, message) -> after.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            publisher.publish("cap/after", "still here".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(after.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("still here");
            for (MqttClient client : new MqttClient[] {publisher, reading}) {
                client.disconnect();
                client.close();
            }
        }
    }

    /**
     * QoS 0 is not queued: Moquette 0.17 writes a QoS 0 message only while the subscriber's connection is
     * writable (under Netty's 64 KiB high-water mark of bytes not yet taken by the kernel) and drops it
     * otherwise, as mosquitto drops beyond its queue. So a subscriber that stops reading gets what the
     * kernel's socket buffers and those 64 KiB held, the rest of a flood is lost for it alone, and it is
     * not cut off; a QoS 1 message after the flood still reaches it, after whatever QoS 0 ones it got.
     */
    @Test
    void aFloodOfQos0IsDroppedForASubscriberThatDoesNotReadBeyondItsConnectionsBuffers() throws Exception {
        int port = Mosquitto.freePort();
        var said = new CopyOnWriteArrayList<String>();
        var start = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), EmbeddedBrokerSettings.OPEN, said::add);
        try (EmbeddedBroker broker = start.broker().orElseThrow(); RawMqtt slow = RawMqtt.connect(port, "slow0", null, null, null, 4096, WAIT)) {
            assertThat(slow.subscribe("cap0/t")).isEqualTo(1);
            MqttClient publisher = connect(port, "flooder0");
            for (int i = 0; i < MESSAGES; i++) {
                publisher.publish("cap0/t", PAYLOAD, 0, false);
            }
            // Handled after every QoS 0 one (one session loop, in order), and acknowledged to the publisher.
            publisher.publish("cap0/t", "end".getBytes(StandardCharsets.UTF_8), 1, false);
            int qos0 = 0;
            RawMqtt.Packet packet;
            while ((packet = slow.next()) != null && packet.body().length >= PAYLOAD.length) {
                qos0++;
            }
            assertThat(packet).as("the QoS 1 message after the flood").isNotNull().extracting(RawMqtt.Packet::type).isEqualTo(3);
            assertThat(qos0).as("QoS 0 messages the slow subscriber got of %d", MESSAGES).isLessThan(MESSAGES / 2);
            assertThat(said).noneMatch(l -> l.contains("cut off"));
            publisher.disconnect();
            publisher.close();
        }
    }

    private static MqttClient connect(int port, String id) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        // Paho's own count of publishes in flight lags behind their acknowledgements on a loaded machine
        // ("Too many publishes in progress" at 10, with one at a time); the pace is set by the reader above.
        options.setMaxInflight(1000);
        client.setTimeToWait(WAIT.toMillis());
        client.connect(options);
        return client;
    }
}

package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.testing.EmbeddedBrokerClients;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RETAIN flag (MQTT 3.1.1 §3.3.1.3) with persistence, where a persistent session's queue is kept in
 * Moquette's store: a new subscription matching more retained QoS 1 messages than Moquette keeps in flight
 * (10) has the rest wait in that queue, and they are read back from it as copies. They are still sent
 * because of the new subscription, so each must come with RETAIN set [MQTT-3.3.1-8]; a live message
 * that waited in the same queue for the established subscription must not [MQTT-3.3.1-9].
 */
final class StoredQueueRetainTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RETAINED = 25;

    @TempDir
    Path store;

    @Test
    void retainedMessagesThatWaitedInAStoredQueueForANewSubscriptionKeepTheRetainFlag() throws Exception {
        int port = Mosquitto.freePort();
        var settings = new EmbeddedBrokerSettings(Optional.empty(), Optional.empty(), Optional.of(Files.createDirectories(store)));
        try (var broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), settings, line -> { })
                .broker().orElseThrow()) {
            MqttClient publisher = client(port, "stored-pub", true);
            for (int i = 0; i < RETAINED; i++) {
                publisher.publish("stored/kept/" + i, ("k" + i).getBytes(StandardCharsets.UTF_8), 1, true);
            }
            var got = new CopyOnWriteArrayList<String>();
            MqttClient reader = client(port, "stored-reader", false);
            reader.subscribe("stored/#", 1, (topic, message) -> got.add(topic + (message.isRetained() ? " retained" : "")));
            await().atMost(WAIT).until(() -> got.size() >= RETAINED);
            publisher.publish("stored/live", "l".getBytes(StandardCharsets.UTF_8), 1, true);
            await().atMost(WAIT).until(() -> got.contains("stored/live"));
            assertThat(got).hasSize(RETAINED + 1);
            assertThat(got).filteredOn(m -> m.startsWith("stored/kept/")).hasSize(RETAINED).allMatch(m -> m.endsWith(" retained"));
            for (MqttClient client : new MqttClient[] {reader, publisher}) {
                client.disconnect();
                client.close();
            }
        }
    }

    /**
     * Pins what is right, and what a user may take for a defect: a message published retained while a
     * persistent session's subscriber is away waits in its stored queue and, when the subscriber is back,
     * comes WITHOUT the RETAIN flag, because it is sent for the subscription it already had, not for a new
     * one [MQTT-3.3.1-9]; a new subscription to it gets it with the flag.
     */
    @Test
    void aRetainedMessageQueuedForAnAbsentSubscriberComesWithoutTheRetainFlagAndWithItForANewSubscription() throws Exception {
        int port = Mosquitto.freePort();
        var settings = new EmbeddedBrokerSettings(Optional.empty(), Optional.empty(), Optional.of(Files.createDirectories(store)));
        try (var broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), settings, line -> { })
                .broker().orElseThrow()) {
            MqttClient away = client(port, "stored-away", false);
            away.subscribe("away/#", 1);
            away.disconnect();
            away.close();
            MqttClient publisher = client(port, "stored-away-pub", true);
            publisher.publish("away/kept", "k".getBytes(StandardCharsets.UTF_8), 1, true);
            var got = new CopyOnWriteArrayList<String>();
            var back = new MqttClient("tcp://127.0.0.1:" + port, "stored-away", new MemoryPersistence());
            back.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    got.add(topic + (message.isRetained() ? " retained" : ""));
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            back.setTimeToWait(WAIT.toMillis());
            var options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(false);
            EmbeddedBrokerClients.connect(back, options);
            await().atMost(WAIT).until(() -> !got.isEmpty());
            var fresh = new CopyOnWriteArrayList<String>();
            MqttClient newcomer = client(port, "stored-newcomer", true);
            newcomer.subscribe("away/#", 1, (topic, message) -> fresh.add(topic + (message.isRetained() ? " retained" : "")));
            await().atMost(WAIT).until(() -> !fresh.isEmpty());
            assertThat(got).containsExactly("away/kept");
            assertThat(fresh).containsExactly("away/kept retained");
            publisher.publish("away/kept", new byte[0], 1, true);
            for (MqttClient client : new MqttClient[] {back, newcomer, publisher}) {
                client.disconnect();
                client.close();
            }
        }
    }

    private static MqttClient client(int port, String id, boolean clean) throws Exception {
        var client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(clean);
        client.setTimeToWait(WAIT.toMillis());
        EmbeddedBrokerClients.connect(client, options);
        return client;
    }
}

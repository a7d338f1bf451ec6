package org.commonplace.orchestrator.testing;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A test's own MQTT 5 client on a real broker: subscribes to a filter and keeps every message in
 * order and the latest payload per topic (an empty retained payload removes the topic, as the broker
 * does), so a test can wait for what the orchestrator published. It can also publish, with a
 * response topic and correlation data, as an operator's tool would.
 */
public final class MqttSpy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message as it arrived. */
    public record Message(String topic, String payload, boolean retained, byte[] correlation) {
    }

    private final MqttAsyncClient client;
    private final List<Message> all = new ArrayList<>();
    private final Map<String, String> latest = new ConcurrentHashMap<>();

    private MqttSpy(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects anonymously and subscribes to {@code filter}. */
    public static MqttSpy subscribe(int port, String filter) throws MqttException {
        return connect(port, null, null, filter);
    }

    /** Connects as {@code user} (null: anonymously) and subscribes to {@code filter} (null: none). */
    public static MqttSpy connect(int port, String user, String password, String filter) throws MqttException {
        var client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "spy" + System.nanoTime(), new MemoryPersistence());
        var spy = new MqttSpy(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
                synchronized (spy.all) {
                    spy.all.add(new Message(topic, payload, message.isRetained(), correlation));
                }
                if (payload.isEmpty()) {
                    spy.latest.remove(topic);
                } else {
                    spy.latest.put(topic, payload);
                }
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        var options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(10_000);
        if (filter != null) {
            client.subscribe(filter, 1).waitForCompletion(10_000);
        }
        return spy;
    }

    /** {@return the latest payload of {@code topic}, if any} */
    public Optional<String> latest(String topic) {
        return Optional.ofNullable(latest.get(topic));
    }

    /** {@return the latest payload of {@code topic} parsed as JSON} */
    public JsonNode json(String topic) {
        try {
            return JSON.readTree(latest.get(topic));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the latest payload of {@code topic} passes {@code test}, and returns it. */
    public String await(String topic, Predicate<String> test, Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).alias(topic + " as expected; latest: " + latest.get(topic))
                .until(() -> latest.containsKey(topic) && test.test(latest.get(topic)));
        return latest.get(topic);
    }

    /** {@return every message so far, in order} */
    public List<Message> messages() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Publishes {@code payload} (QoS 1, not retained); with a response topic and correlation data when given. */
    public void publish(String topic, String payload, String responseTopic, byte[] correlation) throws MqttException {
        var message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null);
        if (responseTopic != null) {
            var properties = new MqttProperties();
            properties.setResponseTopic(responseTopic);
            properties.setCorrelationData(correlation);
            message.setProperties(properties);
        }
        client.publish(topic, message).waitForCompletion(10_000);
    }

    /** Publishes a retained message (QoS 1), as another orchestrator would. */
    public void retain(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(10_000);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 0, false);
                client.close(true);
            } catch (MqttException ignored) {
                // gone already
            }
        }
    }
}

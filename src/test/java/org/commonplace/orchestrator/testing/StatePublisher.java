package org.commonplace.orchestrator.testing;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes what an orchestrator (or someone pretending to be one) would on a test's broker:
 * retained messages under a prefix, through a plain Paho client (MQTT 3.1.1) on 127.0.0.1.
 */
public final class StatePublisher implements AutoCloseable {
    private final MqttClient client;
    private final String prefix;

    public StatePublisher(int port, String prefix) throws MqttException {
        this.prefix = prefix;
        this.client = new MqttClient("tcp://127.0.0.1:" + port, "test" + System.nanoTime(), new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setMaxInflight(1000);
        client.connect(options);
    }

    /** Publishes {@code payload} retained at QoS 1 on {@code <prefix>/<topic>} and waits for the broker's PUBACK. */
    public void retain(String topic, byte[] payload) throws MqttException {
        client.publish(prefix + "/" + topic, payload, 1, true);
    }

    public void retain(String topic, String payload) throws MqttException {
        retain(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}

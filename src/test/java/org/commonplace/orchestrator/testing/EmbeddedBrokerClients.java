package org.commonplace.orchestrator.testing;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Connecting a test's client to the embedded broker (Moquette 0.17): once, as any client would. It used to
 * try again when the connection was lost during the CONNECT, which hid a defect of the broker: a client id
 * connecting again while its old connection's last packets were still on their way ended Moquette's session
 * loop (broker.ConnectOrder now holds such a CONNECT back; ConnectOrderTest).
 */
public final class EmbeddedBrokerClients {
    private EmbeddedBrokerClients() {
    }

    /** Connects {@code client}. */
    public static void connect(MqttClient client, MqttConnectOptions options) throws MqttException {
        client.connect(options);
    }
}

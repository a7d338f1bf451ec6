package org.commonplace.orchestrator.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.paho.Ack;
import org.commonplace.orchestrator.paho.ClientIds;
import org.commonplace.orchestrator.paho.FailureWords;
import org.commonplace.orchestrator.paho.PahoRelease;
import org.commonplace.orchestrator.paho.PahoThreads;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An MQTT 3.1.1 session through Paho's v3 client, for a broker that does not speak MQTT 5 (the
 * embedded Moquette). Everything works but replies to commands: 3.1.1 has no response topic, so a
 * sender cannot ask for one.
 */
final class Paho311Session implements BrokerSession {
    private final MqttAsyncClient client;
    private final PahoThreads threads;

    private Paho311Session(MqttAsyncClient client, PahoThreads threads) {
        this.client = client;
        this.threads = threads;
    }

    static Paho311Session connect(SessionSpec spec) throws ConnectFailure {
        String clientId = ClientIds.fresh();
        var threads = new PahoThreads(clientId, Duration.ofMillis(spec.connectTimeoutMs()).plusSeconds(5));
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient("tcp://" + spec.address(), clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(threads), threads);
        } catch (MqttException | IllegalArgumentException e) {
            threads.shutdownNow();
            throw new ConnectFailure("cannot make an MQTT client: " + e.getMessage(), false);
        }
        var session = new Paho311Session(client, threads);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                spec.lost().accept(FailureWords.of(cause.getCause(), cause.getMessage(), spec.address().host()));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                spec.inbox().accept(new Inbound(topic, message.getPayload(), message.isRetained(), Optional.empty(), new byte[0]));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        var options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(SessionSpec.KEEP_ALIVE_S);
        options.setConnectionTimeout(Math.max(1, (spec.connectTimeoutMs() + 999) / 1000));
        // MQTT 3.1.1 cannot tell the broker our packet limit: PacketLimit enforces it as we read.
        options.setSocketFactory(threads.sockets(spec.skipped()));
        spec.willTopic().ifPresent(topic -> options.setWill(topic, Topics.OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true));
        spec.username().ifPresent(options::setUserName);
        spec.password().ifPresent(p -> options.setPassword(new String(p, StandardCharsets.UTF_8).toCharArray()));
        try {
            client.connect(options).waitForCompletion(spec.connectTimeoutMs());
        } catch (MqttException e) {
            session.close(0);
            throw switch (e.getReasonCode()) {
                case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION ->
                        new ConnectFailure("CONNACK refused: unacceptable protocol version", true);
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION ->
                        new ConnectFailure("CONNACK refused: bad user name or password", false);
                case MqttException.REASON_CODE_NOT_AUTHORIZED -> new ConnectFailure("CONNACK refused: not authorized", false);
                case MqttException.REASON_CODE_CLIENT_TIMEOUT ->
                        new ConnectFailure("no CONNACK within " + spec.connectTimeoutMs() + " ms", false);
                default -> new ConnectFailure(FailureWords.of(e.getCause(), e.getMessage(), spec.address().host()), false);
            };
        }
        return session;
    }

    @Override
    public String protocol() {
        return "MQTT 3.1.1";
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, long timeoutMs) throws IOException {
        Ack.send("publishing on " + topic, timeoutMs, ack -> client.publish(topic, payload, 1, retained, null, ack));
    }

    @Override
    public void reply(String topic, byte[] payload, byte[] correlation, long timeoutMs) throws IOException {
        publish(topic, payload, false, timeoutMs);
    }

    @Override
    public void subscribe(List<String> filters, long timeoutMs) throws IOException {
        for (String filter : filters) {
            Ack.send("subscribing to " + filter, timeoutMs, ack -> client.subscribe(filter, 1, null, ack));
        }
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close(long timeoutMs) {
        PahoRelease.release(client, threads, timeoutMs);
    }
}

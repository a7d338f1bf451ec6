package org.commonplace.orchestrator.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.paho.Ack;
import org.commonplace.orchestrator.paho.ClientIds;
import org.commonplace.orchestrator.paho.FailureWords;
import org.commonplace.orchestrator.paho.PacketLimit;
import org.commonplace.orchestrator.paho.PahoRelease;
import org.commonplace.orchestrator.paho.PahoThreads;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttPingSender;
import org.eclipse.paho.mqttv5.client.internal.ClientComms;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An MQTT 5 session through Paho's v5 client: what lets a command's reply go to the sender's
 * response topic with its correlation data. Paho's threads are daemons named after the client id
 * and arranged around its connect-thread defect ({@link PahoThreads}); its keep-alive pings run on
 * them too (Paho's own ping sender would start a {@code java.util.Timer} thread per client).
 */
final class Paho5Session implements BrokerSession {
    private final MqttAsyncClient client;
    private final PahoThreads threads;

    private Paho5Session(MqttAsyncClient client, PahoThreads threads) {
        this.client = client;
        this.threads = threads;
    }

    static Paho5Session connect(SessionSpec spec) throws ConnectFailure {
        String clientId = ClientIds.fresh();
        var threads = new PahoThreads(clientId, Duration.ofMillis(spec.connectTimeoutMs()).plusSeconds(5));
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient("tcp://" + spec.address(), clientId, new MemoryPersistence(),
                    new ExecutorPingSender(threads), threads);
        } catch (MqttException | IllegalArgumentException e) {
            threads.shutdownNow();
            throw new ConnectFailure("cannot make an MQTT client: " + e.getMessage(), false);
        }
        var session = new Paho5Session(client, threads);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                spec.lost().accept(response.getReasonString() == null ? "the broker closed the connection"
                        : response.getReasonString());
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                // reported through the tokens of what failed
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                MqttProperties p = message.getProperties();
                spec.inbox().accept(new Inbound(topic, message.getPayload(), message.isRetained(),
                        Optional.ofNullable(p == null ? null : p.getResponseTopic()),
                        p == null || p.getCorrelationData() == null ? new byte[0] : p.getCorrelationData()));
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
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(SessionSpec.KEEP_ALIVE_S);
        options.setConnectionTimeout(Math.max(1, (spec.connectTimeoutMs() + 999) / 1000));
        // The broker sends nothing larger (MQTT 5 §3.1.2.11.4); PacketLimit holds a broker that would to it.
        options.setMaximumPacketSize((long) PacketLimit.MAX_PACKET_BYTES);
        options.setSocketFactory(threads.sockets(spec.skipped()));
        var will = new MqttMessage(Topics.OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true, null);
        spec.willTopic().ifPresent(topic -> options.setWill(topic, will));
        spec.username().ifPresent(options::setUserName);
        spec.password().ifPresent(options::setPassword);
        try {
            client.connect(options).waitForCompletion(spec.connectTimeoutMs());
        } catch (MqttException e) {
            session.close(0);
            throw failure(e, spec);
        }
        return session;
    }

    private static ConnectFailure failure(MqttException e, SessionSpec spec) {
        return switch (e.getReasonCode()) {
            // A 3.1.1-only broker answers a v5 CONNECT with a 3.1.1 CONNACK "unacceptable protocol
            // version", which the v5 client reads as an invalid return code.
            case MqttException.REASON_CODE_INVALID_RETURN_CODE, MqttException.REASON_CODE_UNSUPPORTED_PROTOCOL_VERSION,
                 MqttException.REASON_CODE_MALFORMED_PACKET, 0x84 ->
                    new ConnectFailure("the broker does not speak MQTT 5", true);
            case 0x86 -> new ConnectFailure("CONNACK refused: bad user name or password", false);
            case 0x87, 0x85 -> new ConnectFailure("CONNACK refused: not authorized", false);
            case 32000 -> new ConnectFailure("no CONNACK within " + spec.connectTimeoutMs() + " ms", false);
            default -> new ConnectFailure(FailureWords.of(e.getCause(), e.getMessage(), spec.address().host()), false);
        };
    }

    @Override
    public String protocol() {
        return "MQTT 5";
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, long timeoutMs) throws IOException {
        Ack.send("publishing on " + topic, timeoutMs, ack -> client.publish(topic, payload, 1, retained, null, ack));
    }

    @Override
    public void reply(String topic, byte[] payload, byte[] correlation, long timeoutMs) throws IOException {
        var message = new MqttMessage(payload, 1, false, null);
        var properties = new MqttProperties();
        if (correlation.length > 0) {
            properties.setCorrelationData(correlation);
        }
        message.setProperties(properties);
        Ack.send("replying on " + topic, timeoutMs, ack -> client.publish(topic, message, null, ack));
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

    /** Keep-alive pings on the session's own daemon threads. */
    private static final class ExecutorPingSender implements MqttPingSender {
        private final PahoThreads threads;
        private ClientComms comms;
        private ScheduledFuture<?> next;

        ExecutorPingSender(PahoThreads threads) {
            this.threads = threads;
        }

        @Override
        public void init(ClientComms comms) {
            this.comms = comms;
        }

        @Override
        public void start() {
            schedule(comms.getKeepAlive());
        }

        @Override
        public synchronized void stop() {
            if (next != null) {
                next.cancel(false);
            }
        }

        @Override
        public synchronized void schedule(long delayMs) {
            if (!threads.isShutdown()) {
                next = threads.schedule(() -> {
                    comms.checkForActivity();
                }, delayMs, TimeUnit.MILLISECONDS);
            }
        }
    }
}

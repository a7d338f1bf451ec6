package org.commonplace.orchestrator.probe;

import java.io.IOException;
import java.time.Duration;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.paho.ClientIds;
import org.commonplace.orchestrator.paho.FailureWords;
import org.commonplace.orchestrator.paho.PahoRelease;
import org.commonplace.orchestrator.paho.PahoThreads;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Ready when an MQTT broker answers a CONNECT with a CONNACK that accepts it, or that refuses us only
 * for want of a user name or password (the broker is up; it wants logins); then it disconnects.
 * A port that accepts TCP but is not a broker (a half-started service, the wrong port) does not
 * pass: it either says nothing, closes, or answers something that is not a CONNACK.
 *
 * <p>Why Eclipse Paho (v3) and not the HiveMQ MQTT client: Paho is one jar of about 240 KB with no
 * dependencies, with a blocking API (and a plain token-based async one), and loads fast; the HiveMQ
 * client brings Netty and RxJava, several MB, for a reactive API we do not need for one CONNECT.
 * Both are maintained by their foundations. Paho v3 speaks MQTT 3.1.1, which every broker answers.
 *
 * <p>The async client is used only for its millisecond wait ({@code waitForCompletion(ms)}): the
 * blocking one's connection timeout is in whole seconds and covers only the TCP connect, not the
 * wait for the CONNACK. Paho 1.2.5 itself takes about 300 ms from the TCP connect to sending
 * CONNECT (its connect thread sleeps 100 ms while each of three threads starts), so attempts
 * shorter than about half a second cannot pass; give MQTT attempts a second or more.
 */
public final class MqttProbe implements Probe {
    /** How long a clean DISCONNECT may take after a successful CONNECT before the socket is just closed. */
    private static final long DISCONNECT_MS = 500;
    /** Beyond Paho's own TCP connect timeout, how long its connect thread may take to start its threads. */
    private static final Duration CONNECT_THREAD_SLACK = Duration.ofSeconds(5);

    private final BrokerAddress address;

    public MqttProbe(BrokerAddress address) {
        this.address = address;
    }

    @Override
    public ProbeResult attempt(Duration timeout) {
        int timeoutMs = Attempts.millis(timeout);
        String clientId = ClientIds.fresh();
        MqttConnectOptions options = options(timeoutMs);
        var threads = new PahoThreads(clientId,
                Duration.ofSeconds(options.getConnectionTimeout()).plus(CONNECT_THREAD_SLACK));
        options.setSocketFactory(threads.sockets());
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient("tcp://" + address, clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(threads), threads);
        } catch (MqttException | IllegalArgumentException e) {
            threads.shutdownNow();
            return ProbeResult.failed("cannot make an MQTT client for " + address + ": " + e.getMessage());
        }
        ProbeResult result;
        try {
            client.connect(options).waitForCompletion(timeoutMs);
            result = ProbeResult.ok();
        } catch (MqttException e) {
            // A broker that refuses an anonymous client for who it is (a password file, an ACL) has
            // answered MQTT: it is up. The fabric's own connection logs in (mqtt_username).
            boolean refusedUs = e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
            result = refusedUs ? ProbeResult.ok() : ProbeResult.failed(reason(e, timeoutMs));
        }
        // Torn down off the caller's thread: after a timeout that waits for Paho's connect thread
        // (see PahoThreads), which must not stretch the attempt.
        Thread.ofVirtual().name(clientId + "-release").start(() -> PahoRelease.release(client, threads, DISCONNECT_MS));
        return result;
    }

    private static MqttConnectOptions options(int timeoutMs) {
        var options = new MqttConnectOptions();
        options.setCleanSession(true);
        // Exactly 3.1.1: the default falls back to 3.1 after a failure, a second CONNECT in one attempt.
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        // Paho's TCP connect timeout, in whole seconds; waitForCompletion bounds the whole attempt.
        options.setConnectionTimeout((int) Math.max(1, (timeoutMs + 999L) / 1000));
        options.setKeepAliveInterval(0);
        return options;
    }

    private String reason(MqttException e, int timeoutMs) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "no CONNACK within " + timeoutMs + " ms";
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION -> "CONNACK refused: unacceptable protocol version";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "CONNACK refused: identifier rejected";
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "CONNACK refused: server unavailable";
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "CONNACK refused: bad user name or password";
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> "CONNACK refused: not authorized";
            case MqttException.REASON_CODE_CONNECTION_LOST -> "connection closed before a CONNACK";
            default -> e.getCause() instanceof IOException io
                    ? FailureWords.of(io, address.host(), timeoutMs)
                    : e.getMessage() == null ? "MQTT error " + e.getReasonCode() : e.getMessage();
        };
    }

    @Override
    public String toString() {
        return "MqttProbe[" + address + "]";
    }
}

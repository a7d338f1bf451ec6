package org.commonplace.orchestrator.fleet;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.paho.ClientIds;
import org.commonplace.orchestrator.policy.Backoff;
import org.commonplace.orchestrator.paho.PacketLimit;
import org.commonplace.orchestrator.paho.PahoRelease;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One subscription to {@code <prefix>/#} with Eclipse Paho (MQTT 3.1.1, which every broker speaks,
 * the embedded one only), clean session, a fresh random client id. Messages, a lost connection and
 * its return are handed to a {@link Listener} on Paho's callback thread.
 *
 * <p>Reconnecting is ours, not Paho's {@code setAutomaticReconnect}: Paho 1.2.5 runs that on a
 * {@code java.util.Timer} of its own, a non-daemon thread that {@code disconnect} and {@code close}
 * never cancel, so a watch that ends while the broker is away would not end. Here the attempts run
 * on one daemon thread with {@code policy.Backoff}'s doubling delay (0.5 s to 10 s), and closing
 * stops them.
 */
final class FleetClient implements AutoCloseable {
    /** What the subscription tells its user; called on Paho's callback thread or the reconnect thread. */
    interface Listener {
        void message(String topic, byte[] payload);

        /** A message over PacketLimit's 1 MiB was skipped unread (on Paho's receiver thread). */
        default void skipped(long bytes) {
        }

        /** The connection is gone (once per loss); attempts to reconnect follow. */
        void lost(String reason);

        /** Connected and subscribed again after a loss; the broker resends what is retained. */
        void back();
    }

    /** The broker cannot be reached or refused us: a one-line reason. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /**
     * watch's default keep-alive: a broker that vanishes without closing the TCP connection (a cut
     * network) is noticed within about twice this ({@code watch --keep-alive} sets another).
     */
    static final int KEEP_ALIVE_S = 15;
    private static final long DISCONNECT_MS = 500;

    private final BrokerAddress address;
    private final String filter;
    private final Listener listener;
    private final ScheduledThreadPoolExecutor threads;
    private final ScheduledExecutorService reconnects;
    private final MqttAsyncClient client;
    private final Backoff backoff = new Backoff(500, 10_000);
    private final int keepAliveS;
    private volatile boolean closed;

    private FleetClient(BrokerAddress address, String filter, Listener listener, boolean reconnect, int keepAliveS)
            throws Failure {
        this.address = address;
        this.keepAliveS = keepAliveS;
        this.filter = filter;
        this.listener = listener;
        String clientId = ClientIds.fresh();
        // Daemon threads named after the client: they never keep the JVM alive, and a thread dump says whose they are.
        this.threads = new ScheduledThreadPoolExecutor(8, Thread.ofPlatform().daemon().name(clientId + "-paho-", 0).factory());
        this.reconnects = reconnect
                ? java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name(clientId + "-reconnect").factory())
                : null;
        try {
            this.client = new MqttAsyncClient("tcp://" + address, clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(threads), threads);
        } catch (MqttException | IllegalArgumentException e) {
            threads.shutdownNow();
            throw new Failure("cannot make an MQTT client for " + address + ": " + e.getMessage());
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lostConnection(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.message(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // we publish nothing
            }
        });
    }

    /**
     * Connects and subscribes, waiting for the SUBACK.
     *
     * @param reconnect whether to reconnect with backoff after a loss (live mode), or to stay down ({@code --once})
     * @param keepAliveS the MQTT keep-alive in seconds: silence for longer makes Paho ping, no answer to it a loss
     * @throws Failure when the broker does not answer, refuses the connection or the subscription
     */
    static FleetClient open(BrokerAddress address, String prefix, Listener listener, boolean reconnect, int keepAliveS)
            throws Failure {
        var subscription = new FleetClient(address, prefix + "/#", listener, reconnect, keepAliveS);
        try {
            subscription.connectAndSubscribe();
            return subscription;
        } catch (Failure e) {
            subscription.close();
            throw e;
        }
    }

    private void connectAndSubscribe() throws Failure {
        var options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(CONNECT_TIMEOUT_MS / 1000);
        options.setKeepAliveInterval(keepAliveS);
        // Everything arrives at QoS 0 (our subscription's): a state over PacketLimit's 1 MiB is skipped unread
        // instead of being allocated whole by Paho, whose receiver an OutOfMemoryError would end silently.
        options.setSocketFactory(PacketLimit.sockets(listener::skipped));
        try {
            client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MS);
        } catch (MqttException e) {
            throw new Failure(reason(e));
        }
        try {
            var token = client.subscribe(filter, 0);
            token.waitForCompletion(CONNECT_TIMEOUT_MS);
            int[] granted = token.getGrantedQos();
            if (granted == null || granted.length == 0 || granted[0] == 0x80) {
                throw new Failure("the broker refused the subscription to " + filter + " (not allowed by its ACL?)");
            }
        } catch (MqttException e) {
            throw new Failure("subscribing to " + filter + ": " + reason(e));
        }
    }

    private void lostConnection(Throwable cause) {
        if (closed) {
            return;
        }
        listener.lost(cause instanceof MqttException e ? reason(e) : String.valueOf(cause));
        if (reconnects != null) {
            scheduleAttempt(1);
        }
    }

    private void scheduleAttempt(int attempt) {
        if (closed) {
            return;
        }
        reconnects.schedule(() -> attempt(attempt), backoff.delayFor(attempt), TimeUnit.MILLISECONDS);
    }

    private void attempt(int attempt) {
        try {
            connectAndSubscribe();
        } catch (Failure e) {
            if (client.isConnected()) { // connected, but the subscription failed: start over
                try {
                    client.disconnectForcibly(0, DISCONNECT_MS);
                } catch (MqttException ignored) {
                    // gone already
                }
            }
            scheduleAttempt(attempt == Integer.MAX_VALUE ? attempt : attempt + 1);
            return;
        }
        if (!closed) {
            listener.back();
        }
    }

    /** Paho's reason codes in words; the cause of a failed TCP connect in words. */
    private String reason(MqttException e) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "no answer within " + CONNECT_TIMEOUT_MS + " ms";
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION -> "refused: unacceptable protocol version";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "refused: identifier rejected";
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "refused: server unavailable";
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "refused: bad user name or password";
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> "refused: not authorized";
            case MqttException.REASON_CODE_CONNECTION_LOST -> "connection lost";
            default -> switch (e.getCause()) {
                case UnknownHostException u -> "host '" + address.host() + "' does not resolve";
                case IOException io when io.getMessage() != null -> io.getMessage().toLowerCase(Locale.ROOT);
                case null -> e.getMessage() == null ? "MQTT error " + e.getReasonCode() : e.getMessage();
                default -> e.getCause().toString();
            };
        };
    }

    /** Stops reconnecting, disconnects (cleanly when it can) and ends every thread of the subscription. */
    @Override
    public void close() {
        closed = true;
        if (reconnects != null) {
            reconnects.shutdownNow();
        }
        PahoRelease.release(client, threads, DISCONNECT_MS);
    }
}

package org.commonplace.orchestrator.broker;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What Moquette 0.17 is told after the fact, to keep the MQTT 3.1.1 promises it breaks by itself
 * (each measured with Eclipse Paho's interoperability suite, docs/broker-conformance.md):
 * <ul>
 * <li>every retained message, QoS 0 included, is kept (or cleared by an empty payload) in
 *     {@link RetainedBudget}, in the order Moquette routed them (§3.3.1.3);</li>
 * <li>a persistent session that reconnects is sent its unacknowledged messages at once (§4.4);</li>
 * <li>a will published with the retain flag is retained (§3.1.2.7).</li>
 * </ul>
 * Moquette calls it on its interceptor's one thread ({@code intercept.thread_pool.size=1}), which is
 * what keeps the retained messages in order and lets {@link #wills} be a plain map.
 */
final class Conformance extends AbstractInterceptHandler {
    /** Clients remembered (a retained will, a persistent session): at most this many; more are served as Moquette does. */
    static final int MAX_CLIENTS = 10_000;

    private record Will(String topic, MqttQoS qos, byte[] payload) {
    }

    /** What a persistent session had in flight: noted when its connection ends, sent again when it is back. */
    interface InFlight {
        void remember(String clientId);

        void resend(String clientId);
    }

    private final RetainedBudget retained;
    private final InFlight inFlight;
    private final IAuthorizatorPolicy acl;
    private final Map<String, Will> wills = new HashMap<>();
    private final Set<String> persistent = new HashSet<>();

    /** @param acl who may write where: a retained message its sender may not write is not kept (it was not routed either) */
    Conformance(RetainedBudget retained, InFlight inFlight, IAuthorizatorPolicy acl) {
        this.retained = retained;
        this.inFlight = inFlight;
        this.acl = acl;
    }

    @Override
    public String getID() {
        return "commonplace-conformance";
    }

    @Override
    public void onPublish(InterceptPublishMessage msg) {
        try {
            var topic = new Topic(msg.getTopicName());
            if (msg.isRetainFlag() && acl.canWrite(topic, msg.getUsername(), msg.getClientID())) {
                retained.publish(topic, msg.getQos(), msg.getPayload());
            }
        } finally {
            msg.getPayload().release();
        }
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        String client = msg.getClientID();
        persistent.remove(client);
        if (!msg.isCleanSession() && persistent.size() < MAX_CLIENTS) {
            persistent.add(client);
            inFlight.resend(client);
        }
        wills.remove(client);
        if (msg.isWillFlag() && msg.isWillRetain() && !client.isEmpty() && wills.size() < MAX_CLIENTS) {
            wills.put(client, new Will(msg.getWillTopic(), MqttQoS.valueOf(msg.getWillQos()), msg.getWillMessage()));
        }
    }

    @Override
    public void onDisconnect(InterceptDisconnectMessage msg) {
        wills.remove(msg.getClientID());
        ended(msg.getClientID());
    }

    private void ended(String client) {
        if (persistent.contains(client)) {
            inFlight.remember(client);
        }
    }

    @Override
    public void onConnectionLost(InterceptConnectionLostMessage msg) {
        ended(msg.getClientID());
        Will will = wills.remove(msg.getClientID());
        if (will != null) {
            retained.publish(new Topic(will.topic()), will.qos(), Unpooled.wrappedBuffer(will.payload()));
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // CoreThreads, told the same, ends the broker's process: its session loop's thread has ended with it.
    }
}

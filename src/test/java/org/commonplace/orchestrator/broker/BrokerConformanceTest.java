package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.commonplace.orchestrator.testing.EmbeddedBrokerClients;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker keeps the MQTT 3.1.1 promises Eclipse Paho's interoperability suite checks
 * (docs/broker-conformance.md), each with real Paho clients on one broker; every test uses topics
 * and client ids of its own.
 */
final class BrokerConformanceTest extends OneBrokerPerClass {
    @Test
    void retainedMessagesOfQos0And1AreKeptReplacedAndClearedByAnEmptyPayload() throws Exception {
        MqttClient publisher = connect("ret-pub", true);
        publisher.publish("ret/zero", bytes("q0"), 0, true);
        publisher.publish("ret/one", bytes("q1"), 1, true);
        publisher.publish("ret/replaced", bytes("old"), 1, true);
        publisher.publish("ret/replaced", bytes("new"), 0, true);
        publisher.publish("ret/cleared", bytes("gone"), 1, true);
        publisher.publish("ret/cleared", new byte[0], 1, true);
        publisher.publish("ret/cleared0", bytes("gone"), 0, true);
        publisher.publish("ret/cleared0", new byte[0], 0, true);
        close(publisher);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(retainedUnder("ret/#"))
                .containsExactlyInAnyOrder("ret/zero=q0@0", "ret/one=q1@1", "ret/replaced=new@0"));
    }

    @Test
    void retainedMessagesOfEveryQosReachANewSubscriberWithTheRetainFlagAndLiveOnesWithout() throws Exception {
        MqttClient publisher = connect("flag-pub", true);
        for (int qos = 0; qos <= 2; qos++) {
            publisher.publish("flag/kept" + qos, bytes("k"), qos, true);
        }
        var got = new CopyOnWriteArrayList<String>();
        MqttClient reader = connect("flag-reader", true);
        reader.subscribe("flag/#", 2, (topic, message) -> got.add(topic + "@" + message.getQos() + (message.isRetained() ? " retained" : "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 3);
        // MQTT 3.1.1 §3.3.1.3: RETAIN set when sent for a new subscription, cleared when it matches an established one.
        publisher.publish("flag/live", bytes("l"), 1, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 4);
        assertThat(got).containsExactlyInAnyOrder("flag/kept0@0 retained", "flag/kept1@1 retained", "flag/kept2@2 retained", "flag/live@1");
        for (String topic : List.of("flag/kept0", "flag/kept1", "flag/kept2", "flag/live")) {
            publisher.publish(topic, new byte[0], 1, true);
        }
        close(reader);
        close(publisher);
    }

    @Test
    void dollarTopicsAreNotDeliveredToFiltersThatStartWithAWildcard() throws Exception {
        // A client per filter: Paho matches topics to listeners itself, and its matching knows no $ rule.
        var all = new CopyOnWriteArrayList<String>();
        var plus = new CopyOnWriteArrayList<String>();
        var named = new CopyOnWriteArrayList<String>();
        MqttClient allClient = subscribed("dollar-all", "#", all);
        MqttClient plusClient = subscribed("dollar-plus", "+/Dollar/#", plus);
        MqttClient namedClient = subscribed("dollar-named", "$SYSX/Dollar/#", named);
        MqttClient publisher = connect("dollar-pub", true);
        publisher.publish("$SYSX/Dollar/live", bytes("x"), 1, false);
        publisher.publish("$SYSX/Dollar/kept", bytes("x"), 1, true);
        publisher.publish("plain/Dollar/marker", bytes("x"), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> all.contains("plain/Dollar/marker")
                && plus.contains("plain/Dollar/marker") && named.size() == 2);
        assertThat(all).noneMatch(t -> t.startsWith("$"));
        assertThat(plus).containsExactly("plain/Dollar/marker");
        // Nor when they are retained: a new # subscriber gets nothing from $SYSX.
        assertThat(retainedUnder("#")).noneMatch(m -> m.startsWith("$"));
        publisher.publish("$SYSX/Dollar/kept", new byte[0], 1, true);
        for (MqttClient client : List.of(publisher, allClient, plusClient, namedClient)) {
            close(client);
        }
    }

    private static MqttClient subscribed(String id, String filter, List<String> topics) throws MqttException {
        MqttClient client = connect(id, true);
        client.setCallback(new Collect(topics, false, true));
        client.subscribe(filter, 1);
        return client;
    }

    @Test
    void anUnacknowledgedQos1MessageIsSentAgainAtOnceWhenAPersistentSessionReconnects() throws Exception {
        MqttClient first = connect("redeliver", false);
        var unacked = new CopyOnWriteArrayList<String>();
        first.setManualAcks(true);
        first.subscribe("redeliver/t", 1, (topic, message) -> unacked.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        MqttClient publisher = connect("redeliver-pub", true);
        publisher.publish("redeliver/t", bytes("once"), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> unacked.size() == 1);
        // Gone without acknowledging it, as a crashed client would be.
        first.disconnectForcibly(0, 1000, false);
        first.close();
        var again = new CopyOnWriteArrayList<String>();
        long reconnected = System.nanoTime();
        MqttClient second = new MqttClient("tcp://127.0.0.1:" + port, "redeliver", new MemoryPersistence());
        second.setCallback(new Collect(again));
        EmbeddedBrokerClients.connect(second, options(false));
        // MQTT 3.1.1 §4.4: on reconnect, not after Moquette's own 5 s re-send timer.
        await().atMost(Duration.ofSeconds(3)).until(() -> again.contains("once"));
        assertThat(Duration.ofNanos(System.nanoTime() - reconnected)).isLessThan(Duration.ofSeconds(3));
        second.disconnect();
        second.close();
        close(publisher);
    }

    @Test
    void qos1MessagesAreQueuedForAnOfflinePersistentSession() throws Exception {
        MqttClient subscriber = connect("offline", false);
        subscriber.subscribe("offline/t", 1);
        subscriber.disconnect();
        subscriber.close();
        MqttClient publisher = connect("offline-pub", true);
        publisher.publish("offline/t", bytes("m1"), 1, false);
        publisher.publish("offline/t", bytes("m2"), 1, false);
        var got = new CopyOnWriteArrayList<String>();
        MqttClient back = new MqttClient("tcp://127.0.0.1:" + port, "offline", new MemoryPersistence());
        back.setCallback(new Collect(got));
        EmbeddedBrokerClients.connect(back, options(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 2);
        publisher.publish("offline/t", bytes("m3"), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("m3"));
        // Once each: what Moquette sends from its offline queue is not sent again as "in flight".
        assertThat(got).containsExactly("m1", "m2", "m3");
        close(back);
        close(publisher);
    }

    @Test
    void aWillIsDeliveredWhenItsClientIsLostAndKeptWhenRetained() throws Exception {
        var got = new CopyOnWriteArrayList<String>();
        MqttClient watcher = connect("will-watch", true);
        watcher.subscribe("will/#", 1, (topic, message) -> got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));
        var dying = new MqttClient("tcp://127.0.0.1:" + port, "will-dying", new MemoryPersistence());
        MqttConnectOptions options = options(true);
        options.setWill("will/status", bytes("offline"), 1, true);
        EmbeddedBrokerClients.connect(dying, options);
        dying.disconnectForcibly(0, 1000, false);
        dying.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("will/status=offline"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(retainedUnder("will/#")).containsExactly("will/status=offline@1"));
        close(watcher);
    }

    @Test
    void overlappingSubscriptionsDeliverTheMessageAtTheHighestQosAsked() throws Exception {
        var got = new CopyOnWriteArrayList<String>();
        MqttClient subscriber = connect("overlap", true);
        subscriber.setCallback(new Collect(got, true));
        subscriber.subscribe(new String[] {"overlap/#", "overlap/+"}, new int[] {2, 1});
        MqttClient publisher = connect("overlap-pub", true);
        publisher.publish("overlap/t", bytes("m"), 2, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
        // Either one message at QoS 2 or one per subscription (MQTT 3.1.1 §3.3.5); never QoS 1 only.
        assertThat(got).contains("m@2");
        close(publisher);
        close(subscriber);
    }

    /** {@return "topic=payload@qos" of each retained message a new subscriber to {@code filter} gets} */
    private static List<String> retainedUnder(String filter) throws Exception {
        var got = new CopyOnWriteArrayList<String>();
        MqttClient reader = connect("reader-" + System.nanoTime(), true);
        // Not filtered on isRetained() (the test above checks the flag): nothing else is published under
        // these filters meanwhile.
        reader.subscribe(filter, 2, (topic, message) ->
                got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8) + "@" + message.getQos()));
        // A marker published after the subscription arrives after every retained message it was sent.
        String marker = "marker/" + System.nanoTime();
        var seen = new CopyOnWriteArrayList<String>();
        reader.subscribe(marker, 1, (topic, message) -> seen.add(topic));
        reader.publish(marker, bytes("m"), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        close(reader);
        return got;
    }

    private static MqttConnectOptions options(boolean clean) {
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(clean);
        return options;
    }

    private static MqttClient connect(String id, boolean clean) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        client.setTimeToWait(10_000);
        EmbeddedBrokerClients.connect(client, options(clean));
        return client;
    }

    private static void close(MqttClient client) throws MqttException {
        client.disconnect();
        client.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Collects the payloads (with {@code @qos} when asked), or the topics, of every message the client gets. */
    private record Collect(List<String> got, boolean withQos, boolean topics) implements org.eclipse.paho.client.mqttv3.MqttCallback {
        Collect(List<String> got) {
            this(got, false, false);
        }

        Collect(List<String> got, boolean withQos) {
            this(got, withQos, false);
        }

        @Override
        public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
            String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
            got.add(topics ? topic : withQos ? payload + "@" + message.getQos() : payload);
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
        }
    }
}

package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.commonplace.orchestrator.testing.ThreadFreezer;
import org.junit.jupiter.api.Test;

/**
 * Packets a client sends right after its CONNECT, before Moquette 0.17 has marked the connection
 * connected ({@link ConnectOrder}). On a loaded machine a client reconnecting met that window by
 * chance (EOF at its first SUBSCRIBE, CI's "Connection lost"); a client that sends them in the same
 * write as its CONNECT (MQTT 3.1.1 §3.1.4 allows it) meets it every time, so these tests do that.
 */
final class ConnectOrderTest extends OneBrokerPerClass {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @Test
    void aSubscribeAndAPublishSentWithTheConnectAreAnswered() throws Exception {
        for (int i = 0; i < 10; i++) {
            String topic = "order/sub/" + i;
            try (Socket socket = open()) {
                // Every round the same client id, whose last connection has just closed (its PUBACK and its
                // close may still be on their way through Moquette): ConnectOrder makes the CONNECT wait for them.
                send(socket, RawMqtt.connectPacket("order-sub", null, null, null), RawMqtt.subscribePacket(1, topic),
                        RawMqtt.publishPacket(2, topic, "back"));
                var in = new DataInputStream(socket.getInputStream());
                List<Integer> types = new ArrayList<>();
                // CONNACK, SUBACK, then the PUBACK and the message itself, in either order.
                while (types.size() < 4) {
                    RawMqtt.Packet packet = RawMqtt.read(in);
                    assertThat(packet).as("round %d: the broker closed the connection after %s", i, types).isNotNull();
                    types.add(packet.type());
                    if (packet.type() == 3) {
                        send(socket, new byte[] {0x40, 2, packet.body()[packet.body().length - 6], packet.body()[packet.body().length - 5]});
                    }
                }
                assertThat(types.subList(0, 2)).as("round %d", i).containsExactly(2, 9);
                assertThat(types.subList(2, 4)).as("round %d", i).containsExactlyInAnyOrder(3, 4);
            }
        }
    }

    /**
     * A client id connected again while its old connection still has packets on their way: Moquette 0.17
     * handled the new CONNECT first (it ends the old session and frees what it had in flight), then the old
     * connection's PUBACK for that freed message, which threw on its session loop and ended it; no client got
     * an answer after (a CI run's 30 s read timeout). The session loop is frozen so that both are read
     * before either is handled, in this order, every time.
     */
    @Test
    void aClientIdConnectingAgainWhileItsOldConnectionStillSendsLeavesTheBrokerAnswering() throws Exception {
        try (Socket old = open(); Socket again = open()) {
            send(old, RawMqtt.connectPacket("order-again", null, null, null), RawMqtt.subscribePacket(1, "order/again"),
                    RawMqtt.publishPacket(2, "order/again", "in flight"));
            var oldIn = new DataInputStream(old.getInputStream());
            RawMqtt.Packet publish = null;
            for (int got = 0; got < 4; got++) {
                RawMqtt.Packet packet = RawMqtt.read(oldIn);
                assertThat(packet).as("the first connection's answers").isNotNull();
                publish = packet.type() == 3 ? packet : publish;
            }
            byte[] body = publish.body();
            int id = 2 + ((body[0] & 0xff) << 8 | (body[1] & 0xff));
            byte[] pubAck = {0x40, 2, body[id], body[id + 1]};
            try (var frozen = ThreadFreezer.freeze(broker.pid(), "Session Executo")) {
                send(again, RawMqtt.connectPacket("order-again", null, null, null));
                await().atMost(WAIT).until(() -> ServerSockets.unread(port, again.getLocalPort()) == 0);
                // Only now the old connection acknowledges its message, and pings: its PINGRESP (written by
                // Moquette's I/O thread) or its end says that the broker has read the PUBACK.
                try {
                    send(old, pubAck, new byte[] {(byte) 0xC0, 0});
                    while (true) {
                        RawMqtt.Packet packet = RawMqtt.read(oldIn);
                        if (packet == null || packet.type() == 13) {
                            break;
                        }
                    }
                } catch (java.io.IOException closedByTheBroker) {
                    // the new connection took the client id over: the old one is closed
                }
            }
            assertThat(RawMqtt.read(new DataInputStream(again.getInputStream())).type()).as("the new connection's CONNACK").isEqualTo(2);
        }
        // Every client is still answered (one session loop serves them all).
        try (Socket other = open()) {
            send(other, RawMqtt.connectPacket("order-after", null, null, null), RawMqtt.subscribePacket(1, "order/after"));
            var in = new DataInputStream(other.getInputStream());
            assertThat(RawMqtt.read(in)).as("CONNACK after the race").isNotNull().extracting(RawMqtt.Packet::type).isEqualTo(2);
            assertThat(RawMqtt.read(in)).as("SUBACK after the race").isNotNull().extracting(RawMqtt.Packet::type).isEqualTo(9);
        }
    }

    @Test
    void aDisconnectSentWithTheConnectEndsTheConnectionAndDiscardsTheWill() throws Exception {
        var got = new CopyOnWriteArrayList<String>();
        MqttClient watcher = paho("order-watcher");
        watcher.subscribe("order/will/#", 1, (topic, message) -> got.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        try (Socket socket = open()) {
            send(socket, RawMqtt.connectPacket("order-will", null, null, new RawMqtt.Will("order/will/status", "gone")),
                    RawMqtt.disconnectPacket());
            var in = new DataInputStream(socket.getInputStream());
            assertThat(RawMqtt.read(in).type()).isEqualTo(2);
            // Moquette closes a connection on its DISCONNECT; it ignored one that came too early and kept it open.
            assertThat(RawMqtt.read(in)).isNull();
        }
        // The same client id publishes a marker: its session loop is the one that would have published the will.
        MqttClient again = paho("order-will");
        again.publish("order/will/marker", "marker".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(WAIT).until(() -> got.contains("marker"));
        assertThat(got).doesNotContain("gone");
        for (MqttClient client : List.of(again, watcher)) {
            client.disconnect();
            client.close();
        }
    }

    private static Socket open() throws Exception {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Sends the packets in one write, so that the broker reads them together. */
    private static void send(Socket socket, byte[]... packets) throws Exception {
        var all = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            all.writeBytes(packet);
        }
        socket.getOutputStream().write(all.toByteArray());
        socket.getOutputStream().flush();
    }

    private static MqttClient paho(String id) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        client.setTimeToWait(WAIT.toMillis());
        client.connect(options);
        return client;
    }
}

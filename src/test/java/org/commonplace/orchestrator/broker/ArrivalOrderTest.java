package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.Test;

/**
 * What one client sends before another client's packets is applied before them, as mosquitto does
 * (one thread reads every socket). Eclipse Paho's interoperability suite checks it in
 * {@code test_unsubscribe}: one client unsubscribes and, without waiting for the UNSUBACK, another
 * connects and publishes on that topic; Moquette 0.17 (one I/O thread and one session loop per
 * core) sometimes delivered the message, the UNSUBSCRIBE still waiting on another thread. Here the
 * UNSUBSCRIBE is made long (many filters, the real one last), so that on Moquette's threads the
 * publish overtakes it every time.
 */
final class ArrivalOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int FILTERS = 3000;

    @Test
    void aPublishThatComesAfterAnUnsubscribeIsNotDeliveredToTheUnsubscribedClient() throws Exception {
        int port = Mosquitto.freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port)).broker().orElseThrow();
                Socket subscriber = open(port); Socket publisher = open(port)) {
            var fromBroker = new DataInputStream(subscriber.getInputStream());
            send(subscriber, RawMqtt.connectPacket(id(0), null, null, null));
            assertThat(RawMqtt.read(fromBroker).type()).isEqualTo(2);
            send(subscriber, RawMqtt.subscribePacket(1, "order/gone"));
            assertThat(RawMqtt.read(fromBroker).type()).isEqualTo(9);
            send(subscriber, RawMqtt.subscribePacket(2, "order/marker"));
            assertThat(RawMqtt.read(fromBroker).type()).isEqualTo(9);
            List<String> filters = new ArrayList<>();
            for (int i = 0; i < FILTERS; i++) {
                filters.add("order/none/" + i);
            }
            filters.add("order/gone");
            send(subscriber, RawMqtt.unsubscribePacket(3, filters));
            // Sent after the UNSUBSCRIBE, by another client (its id on another of Moquette's session loops).
            send(publisher, RawMqtt.connectPacket(id(1), null, null, null), RawMqtt.publishPacket(1, "order/gone", "late"),
                    RawMqtt.publishPacket(2, "order/marker", "marker"));
            var got = new ArrayList<String>();
            while (!got.contains("order/marker")) {
                RawMqtt.Packet packet = RawMqtt.read(fromBroker);
                assertThat(packet).as("the subscriber's connection ended after %s", got).isNotNull();
                if (packet.type() == 3) {
                    int length = ((packet.body()[0] & 0xff) << 8) | (packet.body()[1] & 0xff);
                    got.add(new String(packet.body(), 2, length, StandardCharsets.UTF_8));
                    send(subscriber, new byte[] {0x40, 2, packet.body()[2 + length], packet.body()[3 + length]});
                }
            }
            assertThat(got).containsExactly("order/marker");
        }
    }

    /** {@return a client id whose hash puts it on session loop {@code loop} of two} */
    private static String id(int loop) {
        for (int i = 0; ; i++) {
            String id = "arrival-" + i;
            if (Math.abs(id.hashCode()) % 2 == loop) {
                return id;
            }
        }
    }

    private static Socket open(int port) throws Exception {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static void send(Socket socket, byte[]... packets) throws Exception {
        var all = new java.io.ByteArrayOutputStream();
        for (byte[] packet : packets) {
            all.writeBytes(packet);
        }
        socket.getOutputStream().write(all.toByteArray());
        socket.getOutputStream().flush();
    }
}

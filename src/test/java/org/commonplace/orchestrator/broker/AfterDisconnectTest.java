package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.Test;

/**
 * MQTT 3.1.1 §3.14.4: after its DISCONNECT a client sends nothing more, and the server closes the
 * connection. Moquette 0.17 handled what came after it all the same: a PUBACK, in the DISCONNECT's own
 * write, of the message the session had in flight freed that message a second time (the DISCONNECT had
 * ended the session and freed it), which ended the broker's only session loop and so its process.
 */
final class AfterDisconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aPubackSentAfterDisconnectInTheSameWriteLeavesTheSameBrokerAnswering() throws Exception {
        int port = Mosquitto.freePort();
        List<String> said = new CopyOnWriteArrayList<>();
        var broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), EmbeddedBrokerSettings.OPEN,
                said::add).broker().orElseThrow();
        try (broker) {
            long pid = broker.pid();
            disconnectThenPuback(port);
            // A new client's commands run on the session loop after the attack's: if it had died, no answer.
            try (var client = RawMqtt.connect(port, "after-disconnect-next", null, null, null, 1 << 16, WAIT)) {
                assertThat(client.connack()).isZero();
                assertThat(client.subscribe("after/disconnect/next")).isEqualTo(1);
                client.send(RawMqtt.publishPacket(7, "after/disconnect/next", "round trip"));
                List<Integer> types = new ArrayList<>();
                for (int got = 0; got < 2; got++) { // the PUBACK and the message, in either order
                    RawMqtt.Packet packet = client.next();
                    assertThat(packet).as("the broker's answers").isNotNull();
                    types.add(packet.type());
                }
                assertThat(types).containsExactlyInAnyOrder(3, 4);
            }
            assertThat(broker.pid()).as("the same broker process, not one started again").isEqualTo(pid);
            assertThat(said).noneMatch(line -> line.contains(CoreThreads.LINE_START));
        }
    }

    /**
     * A clean session's DISCONNECT followed, in the same write, by a PUBACK of the message it has in flight
     * (Moquette 0.17 freed that message on the DISCONNECT and again on the PUBACK).
     */
    static void disconnectThenPuback(int port) throws java.io.IOException {
        try (var client = RawMqtt.connect(port, "after-disconnect", null, null, null, 1 << 16, WAIT)) {
            assertThat(client.subscribe("after/disconnect")).isEqualTo(1);
            client.send(RawMqtt.publishPacket(2, "after/disconnect", "in flight"));
            RawMqtt.Packet publish = null;
            for (int got = 0; got < 2; got++) { // the PUBACK and the message, in either order
                RawMqtt.Packet packet = client.next();
                assertThat(packet).as("the broker's answers").isNotNull();
                publish = packet.type() == 3 ? packet : publish;
            }
            assertThat(publish).as("the message back").isNotNull();
            byte[] body = publish.body();
            int id = 2 + ((body[0] & 0xff) << 8 | (body[1] & 0xff));
            client.send(RawMqtt.disconnectPacket(), new byte[] {0x40, 2, body[id], body[id + 1]});
            assertThat(client.drainToEnd()).as("the broker closes the connection, saying nothing more").isZero();
        }
    }
}

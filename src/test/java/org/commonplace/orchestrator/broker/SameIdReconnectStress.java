package org.commonplace.orchestrator.broker;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.testing.Mosquitto;

/**
 * Run by hand, not by the build: a raw client that closes its connection and at once connects again
 * with the same client id, round after round, on a fresh embedded broker; counts the rounds whose
 * CONNECT (sent with a SUBSCRIBE and a PUBLISH, as ConnectOrderTest does) got no full answer within
 * 5 s. Load the machine to see the race (docs/broker-conformance.md says how it was measured):
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat cp.txt) org.commonplace.orchestrator.broker.SameIdReconnectStress 500</pre>
 */
final class SameIdReconnectStress {
    private SameIdReconnectStress() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int port = Mosquitto.freePort();
        try (var broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port),
                org.commonplace.orchestrator.config.EmbeddedBrokerSettings.OPEN, System.out::println).broker().orElseThrow()) {
            int lost = 0;
            for (int i = 0; i < rounds; i++) {
                boolean withDisconnect = i % 2 == 1;
                String failure = round(port, i, withDisconnect);
                if (failure != null) {
                    lost++;
                    System.out.println("round " + i + (withDisconnect ? " (DISCONNECT)" : " (close)") + ": " + failure);
                }
            }
            System.out.println("rounds " + rounds + ", lost " + lost);
        }
    }

    /** {@return null when the round was answered in full, or what went wrong} */
    private static String round(int port, int i, boolean withDisconnect) throws IOException {
        String topic = "stress/" + i;
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            var all = new java.io.ByteArrayOutputStream();
            all.writeBytes(RawMqtt.connectPacket("stress-same-id", null, null, null));
            all.writeBytes(RawMqtt.subscribePacket(1, topic));
            all.writeBytes(RawMqtt.publishPacket(2, topic, "back"));
            socket.getOutputStream().write(all.toByteArray());
            var in = new DataInputStream(socket.getInputStream());
            int got = 0;
            try {
                while (got < 4) {
                    RawMqtt.Packet packet = RawMqtt.read(in);
                    if (packet == null) {
                        return "EOF after " + got + " packets";
                    }
                    got++;
                    if (packet.type() == 3) {
                        byte[] b = packet.body();
                        socket.getOutputStream().write(new byte[] {0x40, 2, b[b.length - 6], b[b.length - 5]});
                    }
                }
            } catch (SocketTimeoutException e) {
                return "no answer within 5 s after " + got + " packets";
            }
            if (withDisconnect) {
                socket.getOutputStream().write(RawMqtt.disconnectPacket());
            }
        }
        return null;
    }
}

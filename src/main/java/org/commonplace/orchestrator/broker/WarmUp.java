package org.commonplace.orchestrator.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One client of the broker's own, before it says it is ready: a CONNECT, a SUBSCRIBE and a QoS 1
 * PUBLISH to itself, on a {@code $} topic no wildcard filter matches. A fresh broker JVM loads and
 * runs its connection path (Netty's decoder, our handlers, Moquette's session loop) for the first time on
 * its first client, which then waited for it: about 80 ms on a quiet machine, and longer than the
 * Paho suite's 0.5 s under load. Now that first time is spent here. Best effort: a refusal (a password
 * file, an ACL) or no answer within {@link #TIMEOUT_MS} ends it, and the broker is ready all the same.
 */
final class WarmUp {
    /** How long the whole warm-up may wait for the broker's answers. */
    static final int TIMEOUT_MS = 5_000;
    private static final String TOPIC = "$commonplace/warm-up";
    /** Packets read at most: CONNACK, then SUBACK, the message and PUBACK in Moquette's order. */
    private static final int MAX_PACKETS = 4;

    private WarmUp() {
    }

    static void run(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            var in = new DataInputStream(socket.getInputStream());
            // CONNECT: MQTT 3.1.1, clean session, no keep-alive, an empty client id (the broker makes one).
            out.write(packet(0x10, new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0, 0, 0}));
            byte[] connack = in.readNBytes(4);
            if (connack.length < 4 || connack[0] != 0x20 || connack[3] != 0) {
                return; // refused (a password file): what was run so far is warm
            }
            byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
            var subscribe = new ByteArrayOutputStream();
            subscribe.writeBytes(new byte[] {0, 1, 0, (byte) topic.length});
            subscribe.writeBytes(topic);
            subscribe.write(1);
            var publish = new ByteArrayOutputStream();
            publish.writeBytes(new byte[] {0, (byte) topic.length});
            publish.writeBytes(topic);
            publish.writeBytes(new byte[] {0, 2, 'w'});
            out.write(packet(0x82, subscribe.toByteArray()));
            out.write(packet(0x32, publish.toByteArray()));
            // Until the PUBACK: the publish has been routed (to this subscription, unless an ACL says no).
            for (int read = 1, type = 0; read < MAX_PACKETS && type != 4; read++) {
                type = in.readUnsignedByte() >> 4;
                byte[] body = in.readNBytes(in.readUnsignedByte());
                if (type == 3 && body.length >= 4 + topic.length) {
                    out.write(new byte[] {0x40, 2, body[2 + topic.length], body[3 + topic.length]});
                }
            }
            out.write(new byte[] {(byte) 0xE0, 0});
        } catch (IOException | RuntimeException e) {
            // no warm-up: the first client pays for it, as before
        }
    }

    /** {@return a packet of one short body (under 128 bytes: one length byte)} */
    private static byte[] packet(int header, byte[] body) {
        var all = new ByteArrayOutputStream();
        all.write(header);
        all.write(body.length);
        all.writeBytes(body);
        return all.toByteArray();
    }
}

package org.commonplace.orchestrator.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Publishes one huge MQTT 3.1.1 message (QoS 0) as an attacker would, streaming the payload in
 * pieces so that the test JVM never holds it: what a client with write access to a topic can send.
 */
public final class BigPublish {
    private BigPublish() {
    }

    /** Sends {@code payloadBytes} bytes of 'x' to {@code topic} on the broker at 127.0.0.1:{@code port}. */
    public static void send(int port, String topic, long payloadBytes, boolean retained) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // CONNECT: "MQTT", level 4, clean session, keep-alive 60 s, a client id.
            byte[] id = "big-publish".getBytes(StandardCharsets.UTF_8);
            var connect = new ByteArrayOutputStream();
            connect.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, (byte) id.length});
            connect.writeBytes(id);
            out.write(0x10);
            out.write(length(connect.size()));
            connect.writeTo(out);
            out.flush();
            var in = new DataInputStream(socket.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            if (connack[0] != 0x20 || connack[3] != 0) {
                throw new IOException("the broker refused the CONNECT: " + connack[3]);
            }
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            out.write(0x30 | (retained ? 1 : 0));
            out.write(length(2 + name.length + payloadBytes));
            out.write(name.length >> 8);
            out.write(name.length & 0xff);
            out.write(name);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (long left = payloadBytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
            out.write(new byte[] {(byte) 0xe0, 0}); // DISCONNECT
            out.flush();
        }
    }

    /** {@return MQTT's variable-length encoding of {@code value}} */
    public static byte[] length(long value) {
        var bytes = new ByteArrayOutputStream();
        do {
            int digit = (int) (value % 128);
            value /= 128;
            bytes.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return bytes.toByteArray();
    }
}

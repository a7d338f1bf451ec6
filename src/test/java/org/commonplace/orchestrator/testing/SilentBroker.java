package org.commonplace.orchestrator.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback MQTT "broker" that accepts a client, answers its CONNECT with a CONNACK and its
 * SUBSCRIBE with a SUBACK, and then goes silent: it reads everything and answers nothing, not even
 * a PINGREQ, as a broker that hangs (or is SIGSTOPped) with its TCP connections open. The client's
 * keep-alive then times out.
 */
public final class SilentBroker implements AutoCloseable {
    private final ServerSocket server;

    private SilentBroker(ServerSocket server) {
        this.server = server;
        Thread.ofPlatform().daemon().name("silent-broker").start(this::serve);
    }

    public static SilentBroker start() throws IOException {
        return new SilentBroker(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofPlatform().daemon().name("silent-broker-client").start(() -> answer(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket client) {
        try (client) {
            var in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                int type = in.readUnsignedByte();
                byte[] body = in.readNBytes(remainingLength(in));
                switch (type >> 4) {
                    case 1 -> out.write(new byte[] {0x20, 0x02, 0x00, 0x00}); // CONNECT: accepted
                    case 8 -> out.write(new byte[] {(byte) 0x90, 0x03, body[0], body[1], 0x00}); // SUBSCRIBE: QoS 0 granted
                    default -> {
                        // PINGREQ and everything else: silence
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client gave up on us
        }
    }

    private static int remainingLength(InputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream");
            }
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

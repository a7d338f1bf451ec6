package org.commonplace.orchestrator.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An MQTT 3.1.1 client of a few packets on a plain socket, for what a library client will not do:
 * stop reading while subscribed, or vanish without DISCONNECT as a killed process does.
 */
final class RawMqtt implements AutoCloseable {
    /** A will: where, and what. */
    record Will(String topic, String message) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final int connack;

    private RawMqtt(Socket socket, DataInputStream in, int connack) {
        this.socket = socket;
        this.in = in;
        this.connack = connack;
    }

    /**
     * Connects with a clean session and no keep-alive, and reads the CONNACK.
     *
     * @param receiveBuffer the socket's receive buffer (small, for a client that will stop reading)
     */
    static RawMqtt connect(int port, String id, String user, String password, Will will, int receiveBuffer, Duration wait)
            throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) wait.toMillis());
        socket.setSoTimeout((int) wait.toMillis());
        socket.getOutputStream().write(connectPacket(id, user, password, will));
        var in = new DataInputStream(socket.getInputStream());
        byte[] ack = new byte[4];
        in.readFully(ack);
        if (ack[0] != 0x20 || ack[1] != 2) {
            throw new IOException("not a CONNACK");
        }
        return new RawMqtt(socket, in, ack[3]);
    }

    /** {@return a CONNECT with a clean session and no keep-alive} */
    static byte[] connectPacket(String id, String user, String password, Will will) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4});
        int flags = 0x02 | (will != null ? 0x04 | 0x08 : 0) | (user != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        body.writeBytes(new byte[] {(byte) flags, 0, 0});
        string(body, id);
        if (will != null) {
            string(body, will.topic());
            string(body, will.message());
        }
        if (user != null) {
            string(body, user);
        }
        if (password != null) {
            string(body, password);
        }
        return packet(0x10, body.toByteArray());
    }

    /** {@return a SUBSCRIBE of {@code filter} at QoS 1} */
    static byte[] subscribePacket(int packetId, String filter) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) (packetId >> 8), (byte) packetId});
        string(body, filter);
        body.write(1);
        return packet(0x82, body.toByteArray());
    }

    /** {@return a PUBLISH at QoS 1, not retained} */
    static byte[] publishPacket(int packetId, String topic, String payload) {
        var body = new ByteArrayOutputStream();
        string(body, topic);
        body.writeBytes(new byte[] {(byte) (packetId >> 8), (byte) packetId});
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x32, body.toByteArray());
    }

    /** {@return an UNSUBSCRIBE of every filter, in order} */
    static byte[] unsubscribePacket(int packetId, java.util.List<String> filters) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) (packetId >> 8), (byte) packetId});
        filters.forEach(f -> string(body, f));
        return packet(0xa2, body.toByteArray());
    }

    /** {@return a DISCONNECT} */
    static byte[] disconnectPacket() {
        return new byte[] {(byte) 0xe0, 0};
    }

    /** {@return the next packet's type (its first byte's high four bits) and body, or null at the end of the stream} */
    static Packet read(DataInputStream in) throws IOException {
        int header = in.read();
        if (header < 0) {
            return null;
        }
        int length = 0;
        for (int shift = 0, digit; ; shift += 7) {
            digit = in.readUnsignedByte();
            length |= (digit & 0x7f) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(header >> 4, body);
    }

    /** One packet read: its type (2 CONNACK, 3 PUBLISH, 4 PUBACK, 9 SUBACK) and body. */
    record Packet(int type, byte[] body) {
    }

    /** {@return the CONNACK's return code: 0 accepted, 5 not authorized} */
    int connack() {
        return connack;
    }

    /** Subscribes at QoS 1 (packet id 1) and reads the SUBACK; {@return its return code} */
    int subscribe(String filter) throws IOException {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1});
        string(body, filter);
        body.write(1);
        socket.getOutputStream().write(packet(0x82, body.toByteArray()));
        byte[] suback = new byte[5];
        in.readFully(suback);
        if ((suback[0] & 0xff) != 0x90) {
            throw new IOException("not a SUBACK");
        }
        return suback[4] & 0xff;
    }

    /** Sends {@code packets} in one write. */
    void send(byte[]... packets) throws IOException {
        var all = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            all.writeBytes(packet);
        }
        socket.getOutputStream().write(all.toByteArray());
    }

    /** {@return the next packet, or null at the end of the stream} */
    Packet next() throws IOException {
        return read(in);
    }

    /** {@return the bytes read until the broker closed the connection} */
    long drainToEnd() throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (java.net.SocketException e) {
            // reset: closed too
        }
        return total;
    }

    /** Closes the socket without DISCONNECT, as the kernel does for a killed client. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    private static byte[] packet(int header, byte[] body) {
        var out = new ByteArrayOutputStream();
        out.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }
}

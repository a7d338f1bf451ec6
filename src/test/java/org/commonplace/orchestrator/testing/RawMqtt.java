package org.commonplace.orchestrator.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 5 publisher that writes packets straight onto a socket, as a flooding or hostile client
 * does: QoS 0 messages as fast as the socket takes them (Paho waits per message, and caps what is in
 * flight), with any response topic, however long or deep. Publish only; it reads nothing but the CONNACK.
 */
public final class RawMqtt implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** Connects to 127.0.0.1:{@code port} (clean start), as {@code user} when not null, and waits for the CONNACK. */
    public static RawMqtt connect(int port, String user, String password) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        var client = new RawMqtt(socket);
        var body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(5);
        body.write(0x02 | (user == null ? 0 : 0xC0));
        body.write(0);
        body.write(60);
        body.write(0); // no properties
        string(body, "raw" + System.nanoTime());
        if (user != null) {
            string(body, user);
            string(body, password);
        }
        client.packet(0x10, body.toByteArray());
        client.out.flush();
        var in = new DataInputStream(socket.getInputStream());
        int type = in.readUnsignedByte();
        int length = in.readUnsignedByte();
        byte[] rest = in.readNBytes(length);
        if (type != 0x20 || rest.length < 2 || rest[1] != 0) {
            socket.close();
            throw new IOException("the broker refused the connection (CONNACK " + type + ", reason " + (rest.length > 1 ? rest[1] : -1) + ")");
        }
        return client;
    }

    /** Publishes at QoS 0 (buffered: {@link #flush} sends); {@code responseTopic} may be null. */
    public void publish(String topic, byte[] payload, boolean retain, String responseTopic, byte[] correlation) throws IOException {
        var properties = new ByteArrayOutputStream();
        if (responseTopic != null) {
            properties.write(0x08);
            string(properties, responseTopic);
            properties.write(0x09);
            properties.write(correlation.length >> 8);
            properties.write(correlation.length);
            properties.write(correlation);
        }
        var body = new ByteArrayOutputStream();
        string(body, topic);
        varint(body, properties.size());
        properties.writeTo(body);
        body.write(payload);
        packet(0x30 | (retain ? 1 : 0), body.toByteArray());
    }

    public void publish(String topic, String payload, boolean retain) throws IOException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), retain, null, new byte[0]);
    }

    public void flush() throws IOException {
        out.flush();
    }

    private void packet(int header, byte[] body) throws IOException {
        out.write(header);
        var length = new ByteArrayOutputStream();
        varint(length, body.length);
        length.writeTo(out);
        out.write(body);
    }

    private static void string(ByteArrayOutputStream into, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        into.write(bytes.length >> 8);
        into.write(bytes.length);
        into.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream into, int value) {
        do {
            int digit = value % 128;
            value /= 128;
            into.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    /** Sends a clean DISCONNECT (so no last will) and closes. */
    @Override
    public void close() throws IOException {
        try {
            out.write(0xE0);
            out.write(0);
            out.flush();
        } finally {
            socket.close();
        }
    }
}

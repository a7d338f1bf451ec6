package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading while another client floods its topic: Moquette 0.17 queued every
 * QoS 1 message for it without a limit until the broker's 64 MiB heap was gone and the broker died
 * with every client. Now its queue is capped ({@link CappedQueue}): it is cut off, said in a line, and
 * the broker and its other clients go on.
 */
final class QueueCapTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** 300 messages of 256 KiB: 75 MiB, more than the broker's whole heap. */
    private static final int MESSAGES = 300;
    private static final byte[] PAYLOAD = new byte[256 << 10];
    /** How far the publisher may run ahead of the reading subscriber (2 MiB, within its own cap). */
    private static final int AHEAD = 8;

    @Test
    void aSubscriberThatStopsReadingIsCutOffAndTheBrokerAndItsOtherClientsGoOn() throws Exception {
        int port = Mosquitto.freePort();
        var said = new CopyOnWriteArrayList<String>();
        var start = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), EmbeddedBrokerSettings.OPEN, said::add);
        try (EmbeddedBroker broker = start.broker().orElseThrow(); Socket slow = stalledSubscriber(port, "slow", "cap/t")) {
            long pid = broker.pid();
            var reading = connect(port, "reader");
            var got = new AtomicInteger();
            var room = new Semaphore(AHEAD);
            reading.subscribe("cap/t", 1, (topic, message) -> {
                got.incrementAndGet();
                room.release();
            });
            MqttClient publisher = connect(port, "flooder");
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(room.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the reader got message %d", i - AHEAD).isTrue();
                publisher.publish("cap/t", PAYLOAD, 1, false);
            }
            await().atMost(WAIT).until(() -> got.get() == MESSAGES);
            await().atMost(WAIT).until(() -> said.stream().anyMatch(l -> l.contains("client 'slow' was cut off")));
            assertThat(said).filteredOn(l -> l.contains("cut off")).singleElement().asString().matches("embedded MQTT broker: client"
                    + " 'slow' was cut off: it does not take its messages \\(\\d+ bytes queued, at most 8388608 per client\\);"
                    + " more for it are dropped until it catches up");
            // The slow one's connection is closed: what the kernel still held for it, then its end.
            assertThat(drainToEnd(slow)).isLessThan((long) MESSAGES * PAYLOAD.length / 2);
            // The same broker (not one started again after an OutOfMemoryError) still serves everyone else.
            assertThat(broker.pid()).isEqualTo(pid);
            var after = new ArrayBlockingQueue<String>(1);
            reading.subscribe("cap/after", 1, (topic, message) -> after.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            publisher.publish("cap/after", "still here".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(after.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("still here");
            for (MqttClient client : new MqttClient[] {publisher, reading}) {
                client.disconnect();
                client.close();
            }
        }
    }

    /** A raw MQTT 3.1.1 client that connects, subscribes at QoS 1, and then reads nothing more. */
    private static Socket stalledSubscriber(int port, String id, String filter) throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        var connect = new ByteArrayOutputStream();
        connect.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0}); // clean session, no keep-alive
        writeString(connect, id);
        var subscribe = new ByteArrayOutputStream();
        subscribe.writeBytes(new byte[] {0, 1});
        writeString(subscribe, filter);
        subscribe.write(1);
        var out = socket.getOutputStream();
        out.write(packet(0x10, connect.toByteArray()));
        out.flush();
        var in = new DataInputStream(socket.getInputStream());
        byte[] connack = new byte[4];
        in.readFully(connack);
        assertThat(connack).containsExactly(0x20, 2, 0, 0);
        // Only now: Moquette 0.17 closes a connection whose SUBSCRIBE comes before its CONNACK went out.
        out.write(packet(0x82, subscribe.toByteArray()));
        out.flush();
        byte[] suback = new byte[5];
        in.readFully(suback);
        assertThat(suback).containsExactly(0x90, 3, 0, 1, 1);
        return socket;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    private static byte[] packet(int header, byte[] body) {
        var out = new ByteArrayOutputStream();
        out.write(header);
        out.write(body.length); // our packets are under 128 bytes
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** {@return the bytes read until the broker closed the connection} */
    private static long drainToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (SocketException e) {
            // reset: closed too
        }
        return total;
    }

    private static MqttClient connect(int port, String id) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        client.setTimeToWait(WAIT.toMillis());
        client.connect(options);
        return client;
    }
}

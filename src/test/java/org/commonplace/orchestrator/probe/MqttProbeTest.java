package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.paho.ClientIds;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mqtt check against a real mosquitto and against loopback ports that are not brokers: one that
 * says nothing, one that closes at once, one that answers a refusing CONNACK.
 */
@Timeout(20)
final class MqttProbeTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private static MqttProbe probe(int port) {
        return new MqttProbe(new BrokerAddress("127.0.0.1", port));
    }

    /** A loopback port whose every connection is handed to {@code conversation}, on a virtual thread. */
    private int fakeServer(Conversation conversation) throws IOException {
        var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    open.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try {
                            conversation.have(socket.getInputStream(), socket.getOutputStream(), socket);
                        } catch (IOException e) {
                            // the probe hung up: fine
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private interface Conversation {
        void have(InputStream in, OutputStream out, Socket socket) throws IOException;
    }

    @Test
    void realBrokerAnswersConnackAndIsReady() throws Exception {
        Mosquitto broker = Mosquitto.start(dir);
        open.add(broker);
        assertThat(probe(broker.port()).attempt(Duration.ofSeconds(5))).isEqualTo(ProbeResult.ok());
    }

    @Test
    void portThatAcceptsButSaysNothingIsNotReadyWhenTheTimeoutPasses() throws IOException {
        int port = fakeServer((in, out, socket) -> in.transferTo(OutputStream.nullOutputStream()));
        long start = System.nanoTime();
        ProbeResult result = probe(port).attempt(Duration.ofMillis(500));
        assertThat(result).isEqualTo(ProbeResult.failed("no CONNACK within 500 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void portThatClosesTheConnectionIsNotReady() throws IOException {
        int port = fakeServer((in, out, socket) -> socket.close());
        assertThat(probe(port).attempt(Duration.ofSeconds(2)))
                .isEqualTo(ProbeResult.failed("connection closed before a CONNACK"));
    }

    @Test
    void refusingConnackIsNotReadyAndSaysWhy() throws IOException {
        int port = connackWith(0x03); // server unavailable
        assertThat(probe(port).attempt(Duration.ofSeconds(2)))
                .isEqualTo(ProbeResult.failed("CONNACK refused: server unavailable"));
    }

    @Test
    void aBrokerThatRefusesAnAnonymousClientHasAnsweredAndIsReady() throws IOException {
        // A broker with a password file answers our anonymous CONNACK with "not authorized": it is up.
        assertThat(probe(connackWith(0x05)).attempt(Duration.ofSeconds(2))).isEqualTo(ProbeResult.ok());
        assertThat(probe(connackWith(0x04)).attempt(Duration.ofSeconds(2))).isEqualTo(ProbeResult.ok());
    }

    private int connackWith(int code) throws IOException {
        return fakeServer((in, out, socket) -> {
            in.read(new byte[256]); // the CONNECT (small enough for one read)
            out.write(new byte[] {0x20, 0x02, 0x00, (byte) code}); // CONNACK with that return code
            out.flush();
            in.transferTo(OutputStream.nullOutputStream());
        });
    }

    @Test
    void closedPortFailsWithConnectionRefused() throws IOException {
        assertThat(probe(Mosquitto.freePort()).attempt(Duration.ofSeconds(2)))
                .isEqualTo(ProbeResult.failed("connection refused"));
    }

    @Test
    void attemptsLeaveNoClientThreadsBehind() throws Exception {
        Mosquitto broker = Mosquitto.start(dir);
        open.add(broker);
        int silent = fakeServer((in, out, socket) -> in.transferTo(OutputStream.nullOutputStream()));
        int hangsUp = fakeServer((in, out, socket) -> socket.close());
        for (int i = 0; i < 3; i++) {
            probe(broker.port()).attempt(Duration.ofSeconds(5));
            // Paho 1.2.5 leaks its connect thread when stopped while starting its threads; both
            // a timeout and an instant hang-up used to stop it there (see PahoThreads).
            probe(silent).attempt(Duration.ofMillis(200));
            probe(hangsUp).attempt(Duration.ofSeconds(2));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName).noneMatch(name -> name.matches(".*cpo[0-9A-Za-z]{20}.*")));
    }

    @Test
    void clientIdsAreFullyRandomWithinWhatEveryBrokerAccepts() {
        var ids = new java.util.HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String id = ClientIds.fresh();
            // MQTT 3.1.1, 3.1.3.1: a server must accept 1 to 23 letters and digits.
            assertThat(id).hasSizeBetween(1, 23).matches("[0-9A-Za-z]+");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}

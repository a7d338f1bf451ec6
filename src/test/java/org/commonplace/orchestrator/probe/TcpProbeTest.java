package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tcp check against a real listening socket and a closed port, on loopback. */
@Timeout(10)
final class TcpProbeTest {
    @Test
    void portThatAcceptsConnectionsIsReady() throws IOException {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ProbeResult result = new TcpProbe("127.0.0.1", server.getLocalPort()).attempt(Duration.ofSeconds(2));
            assertThat(result).isEqualTo(ProbeResult.ok());
        }
    }

    @Test
    void hostNameIsResolvedBeforeConnecting() throws IOException {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(new TcpProbe("localhost", server.getLocalPort()).attempt(Duration.ofSeconds(2)).ready()).isTrue();
        }
    }

    @Test
    void closedPortFailsFastWithConnectionRefused() throws IOException {
        long start = System.nanoTime();
        ProbeResult result = new TcpProbe("127.0.0.1", Mosquitto.freePort()).attempt(Duration.ofSeconds(5));
        assertThat(result).isEqualTo(ProbeResult.failed("connection refused"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}

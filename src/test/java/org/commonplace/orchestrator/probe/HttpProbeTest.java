package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The http check against a real JDK HttpServer on loopback. */
@Timeout(10)
final class HttpProbeTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", exchange -> answer(exchange, 200));
        server.createContext("/starting", exchange -> answer(exchange, 503));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/health");
            answer(exchange, 302);
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private HttpProbe probe(String path) {
        return new HttpProbe(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    }

    @Test
    void answer200IsReady() {
        try (HttpProbe probe = probe("/health")) {
            assertThat(probe.attempt(Duration.ofSeconds(2))).isEqualTo(ProbeResult.ok());
        }
    }

    @Test
    void answer503IsNotReadyAndSaysTheStatus() {
        try (HttpProbe probe = probe("/starting")) {
            assertThat(probe.attempt(Duration.ofSeconds(2))).isEqualTo(ProbeResult.failed("HTTP 503"));
        }
    }

    @Test
    void redirectToAHealthyPageIsFollowed() {
        try (HttpProbe probe = probe("/moved")) {
            assertThat(probe.attempt(Duration.ofSeconds(2)).ready()).isTrue();
        }
    }

    @Test
    void aRedirectToAnotherOriginIsNotFollowed() throws IOException {
        // A service that answers 302 to someone else's dangerous URL must not make us GET it.
        var elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var hits = new java.util.concurrent.atomic.AtomicInteger();
        elsewhere.createContext("/", exchange -> {
            hits.incrementAndGet();
            answer(exchange, 200);
        });
        elsewhere.start();
        String target = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/admin/drop-all-tables?confirm=yes";
        server.createContext("/evil", exchange -> {
            exchange.getResponseHeaders().add("Location", target);
            answer(exchange, 302);
        });
        try (HttpProbe probe = probe("/evil")) {
            assertThat(probe.attempt(Duration.ofSeconds(2))).isEqualTo(
                    ProbeResult.failed("HTTP 302 redirects to another origin (" + target + "); not followed"));
        } finally {
            elsewhere.stop(0);
        }
        assertThat(hits).hasValue(0);
    }

    @Test
    void aRedirectLoopEnds() {
        server.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/loop");
            answer(exchange, 307);
        });
        try (HttpProbe probe = probe("/loop")) {
            assertThat(probe.attempt(Duration.ofSeconds(2))).isEqualTo(ProbeResult.failed("more than 5 redirects"));
        }
    }

    @Test
    void oneProbeServesManyAttempts() {
        try (HttpProbe probe = probe("/health")) {
            for (int i = 0; i < 5; i++) {
                assertThat(probe.attempt(Duration.ofSeconds(2)).ready()).isTrue();
            }
        }
    }

    @Test
    void serverThatDoesNotAnswerFailsWhenTheTimeoutPasses() {
        long start = System.nanoTime();
        try (HttpProbe probe = probe("/hang")) {
            assertThat(probe.attempt(Duration.ofMillis(300))).isEqualTo(ProbeResult.failed("no answer within 300 ms"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void closedPortFailsWithConnectionRefused() throws IOException {
        try (var probe = new HttpProbe(URI.create("http://127.0.0.1:" + Mosquitto.freePort() + "/health"))) {
            assertThat(probe.attempt(Duration.ofSeconds(2))).isEqualTo(ProbeResult.failed("connection refused"));
        }
    }
}

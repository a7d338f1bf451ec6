package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.OutputFile;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.RuntimeLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT demo ({@code examples/commonplace-demo.json}) through {@code bin/commonplace-orchestrator},
 * as a user with only a JDK runs it (after {@code package}, from failsafe): its store and http front
 * end talk over the embedded broker, and a document written over HTTP comes back through the store.
 */
final class CommonplaceDemoIT {

    @TempDir
    Path dir;

    @Test
    void theDemoConfigPassesCheckAndItsProgramsGetTheBroker() throws Exception {
        Path out = dir.resolve("check.txt");
        var process = new ProcessBuilder(DemoCopy.LAUNCHER.toString(), "check", "--config", DemoCopy.DEMO.toString())
                .directory(DemoCopy.ROOT.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(process.exitValue()).as(text).isZero();
        assertThat(text).contains("store: commonplace-demo/commonplace-store --mqtt-broker 127.0.0.1:1883;")
                .contains("http: commonplace-demo/commonplace-http --port 8766 --mqtt-broker 127.0.0.1:1883; depends on store")
                .endsWith("start order: store, http\n");
    }

    @Test
    void theDemoStackBecomesReadyOverTheEmbeddedBrokerAndServesDocumentsThroughTheStore() throws Exception {
        int mqttPort = Mosquitto.freePort();
        int httpPort = Mosquitto.freePort();
        // The demo as shipped, on free ports, with its programs where they are (they find the jar from there).
        Path config = DemoCopy.write(dir, mqttPort, httpPort);
        Path out = dir.resolve("demo-out.txt");
        var process = DemoCopy.start(config, out);
        try {
            OutputFile.awaitLine(out, "embedded MQTT broker \\(Moquette, in memory, MQTT 3\\.1\\.1\\) listening on 127\\.0\\.0\\.1:" + mqttPort
                    + " \\(loopback only\\)");
            OutputFile.awaitLine(out, "\\[store] store ready: 127\\.0\\.0\\.1:" + mqttPort);
            OutputFile.awaitLine(out, "\\[orchestrator] http is ready after");
            try (var http = HttpClient.newHttpClient()) {
                String base = "http://127.0.0.1:" + httpPort;
                var put = http.send(HttpRequest.newBuilder(URI.create(base + "/docs/greeting"))
                        .PUT(HttpRequest.BodyPublishers.ofString("hello <world>")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
                OutputFile.awaitLine(out, "\\[store] store saved greeting \\(1 documents\\)");
                var get = http.send(HttpRequest.newBuilder(URI.create(base + "/docs/greeting")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(get.body()).isEqualTo("hello <world>");
                var page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(page.body()).contains("store: online").contains("<b>greeting</b>: hello &lt;world&gt;");
                var bad = http.send(HttpRequest.newBuilder(URI.create(base + "/docs/a%2Fb")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(bad.statusCode()).isEqualTo(404);
            }
            // The orchestrator publishes its state on the embedded broker (MQTT 3.1.1): watch --once shows it.
            OutputFile.awaitLine(out, "MQTT: connected to 127\\.0\\.0\\.1:" + mqttPort + " \\(MQTT 3\\.1\\.1\\)");
            Path picture = dir.resolve("watch.txt");
            var watch = new ProcessBuilder(DemoCopy.LAUNCHER.toString(), "watch", "--once", "--mqtt-broker", "127.0.0.1:" + mqttPort)
                    .directory(DemoCopy.ROOT.toFile()).redirectErrorStream(true).redirectOutput(picture.toFile()).start();
            assertThat(watch.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(watch.exitValue()).as(Files.readString(picture)).isZero();
            assertThat(Files.readString(picture)).containsPattern("-" + dir.getFileName() + "-[0-9a-f]{6}\\s+online")
                    .containsPattern("http\\s+running").containsPattern("store\\s+running");
            ProcessGroups.signalProcess(process.pid(), ProcessGroups.SIGTERM);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(out)).isZero();
            assertThat(Files.readString(dir.resolve("demo-err.txt"))).isEmpty();
            assertThat(accepts(mqttPort)).as("the embedded broker is gone with the orchestrator").isFalse();
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            RuntimeLeftovers.remove(config);
        }
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.fixtures.MqttPeer;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker ({@code embedded_broker}, {@code --embedded-broker}) with real children and a real mosquitto. */
final class EmbeddedBrokerStackTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void startsWhenNothingAnswersServesAStackAndIsGoneAfterTheStop() throws Exception {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "localhost:" + port).top("embedded_broker", true);
        // The talker publishes a retained message; the listener subscribes only after that (depends_on),
        // so it can receive it only if the broker kept it.
        peer(config, "talker", "publish", "demo/hello", "hi").put("ready", Map.of("log", "published"));
        peer(config, "listener", "subscribe", "demo/#").put("depends_on", List.of("talker"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("embedded MQTT broker \\(Moquette, in memory, MQTT 3\\.1\\.1\\) listening on 127\\.0\\.0\\.1:"
                    + port + " \\(loopback only\\)", START);
            // A supervised process of its own, started first: what is handed the broker waits for its CONNACK.
            run.awaitStdout("the MQTT broker at localhost:" + port + " is process broker; what needs the broker starts when"
                    + " broker is ready", START);
            run.awaitStdout("\\[orchestrator] broker is ready after", START);
            String published = run.awaitStdout("\\[talker] pid [0-9]+ published", START);
            run.awaitStdout("\\[listener] got demo/hello hi$", START);
            // The talker dies without a DISCONNECT: the broker publishes its last will.
            Matcher pid = Pattern.compile("pid ([0-9]+) published").matcher(published);
            assertThat(pid.find()).as(published).isTrue();
            ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow().destroyForcibly();
            run.awaitStdout("\\[listener] got demo/hello/will gone$", START);

            run.signal(15);
            assertThat(run.awaitExit(START)).isZero();
            // The broker stopped last: the listener was stopped while it was still connected.
            assertThat(run.stdout()).doesNotContain("[listener] lost");
            // Moquette's logging goes nowhere and Netty is kept off sun.misc.Unsafe (Java 25 would warn).
            assertThat(run.stderr()).doesNotContain("WARNING").doesNotContain("SLF4J").doesNotContain("Exception");
        }
        assertThat(accepts(port)).as("something still listens on %d after the orchestrator exited", port).isFalse();
        assertThat(Path.of("data")).as("Moquette's persistence folder").doesNotExist();
    }

    @Test
    void aBrokerThatAlreadyAnswersIsUsedAndTheLineSaysSo() throws Exception {
        try (var mosquitto = Mosquitto.start(dir)) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + mosquitto.port());
            config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
            try (var run = OrchestratorRun.run(config.writeTo(dir), "--embedded-broker")) {
                run.awaitStdout("\\[orchestrator] an MQTT broker already answers at 127\\.0\\.0\\.1:" + mosquitto.port()
                        + "; using it \\(the embedded broker is not started\\)", START);
                run.awaitStdout("\\[svc] svc is up", START);
                assertThat(run.stdout()).doesNotContain("embedded MQTT broker (Moquette");
            }
        }
    }

    @Test
    void aPortHeldBySomethingElseIsOneLineAndNothingStarts() throws IOException {
        // Accepts TCP and never answers a CONNECT: not a broker, and the port cannot be bound.
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + silent.getLocalPort())
                    .top("embedded_broker", true);
            config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
            try (var run = OrchestratorRun.run(config.writeTo(dir))) {
                assertThat(run.awaitExit(START)).isEqualTo(1);
                assertThat(run.stdout()).contains("cannot start the embedded MQTT broker on 127.0.0.1:"
                                + silent.getLocalPort() + ": the port is in use (nothing answered MQTT there: no CONNACK within")
                        .contains("; nothing was started").doesNotContain("svc is up").doesNotContain("Exception");
                assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("SLF4J");
            }
        }
    }

    @Test
    void embeddedBrokerWithABrokerProcessIsAConfigError() {
        var config = new ConfigBuilder().top("embedded_broker", true).top("broker_process", "svc");
        config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(START)).isEqualTo(2);
            assertThat(run.stderr()).contains("embedded_broker").contains("broker_process \"svc\" already provides the broker");
        }
    }

    /** A child that gets --mqtt-broker appended though its command is java (mqtt_broker_arg). */
    private static Map<String, Object> peer(ConfigBuilder config, String name, String... args) {
        var all = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", Java.classpath(),
                MqttPeer.class.getName()));
        all.addAll(List.of(args));
        Map<String, Object> process = config.process(name, Java.binary(), all);
        process.put("mqtt_broker_arg", true);
        return process;
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

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.EmbeddedBrokerClients;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "embedded_broker": {"persistence": DIR}} (issue 24, item 4): a retained message and a QoS 1
 * message queued for an offline persistent session survive a kill -9 of the broker's process, which
 * the supervisor starts again; without it, the broker keeps them in memory and they are gone. The
 * folder is refused, in one line, when another user could change it.
 */
final class EmbeddedBrokerPersistenceTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void retainedAndQueuedMessagesSurviveAKillOfTheBrokerWithPersistence() throws Exception {
        Path data = dir.resolve("broker-data");
        int port = Mosquitto.freePort();
        Path file = config(port, Map.of("persistence", data.toString()));
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[orchestrator] broker is ready after", START);
            assertThat(run.awaitStdout("kept in " + java.util.regex.Pattern.quote(data.toString()), START)).isNotNull();
            try {
                publishWhileOffline(port);
                Path store = data.resolve("moquette_store.h2");
                awaitSaved(port, store);

                killBroker(run, file);
            } catch (MqttException e) {
                throw run.explain("a test client failed before the kill", e);
            }
            try {
                assertThat(receiveQueued(port)).containsExactly("persist/queued=waiting");
            } catch (MqttException e) {
                throw run.explain("the persistent session's client failed after the kill", e);
            }
            try {
                assertThat(retained(port)).containsExactly("persist/retained=kept");
            } catch (MqttException e) {
                throw run.explain("the retained reader failed after the kill", e);
            }
            // The broker kept our retained status (online) across the kill: it is ours, not a rival's.
            run.awaitStdout("MQTT: connected again to 127.0.0.1:" + port, START);
            assertThat(run.stdout()).doesNotContain("is held by another orchestrator");
            run.signal(15);
            assertThat(run.awaitExit(START)).isZero();
        }
    }

    @Test
    void withoutPersistenceTheRetainedMessageIsGoneAfterAKill() throws Exception {
        int port = Mosquitto.freePort();
        Path file = config(port, null);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[orchestrator] broker is ready after", START);
            run.awaitStdout("embedded MQTT broker \\(Moquette, in memory, MQTT 3\\.1\\.1\\) listening on", START);
            try {
                publishWhileOffline(port);
                assertThat(retained(port)).containsExactly("persist/retained=kept");

                killBroker(run, file);

                assertThat(retained(port)).isEmpty();
                assertThat(receiveQueued(port)).isEmpty();
            } catch (MqttException e) {
                throw run.explain("a test client failed", e);
            }
            run.signal(15);
            assertThat(run.awaitExit(START)).isZero();
        }
    }

    @Test
    void aFolderOthersCanWriteInIsRefusedInOneLine() throws Exception {
        Path data = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = config(Mosquitto.freePort(), Map.of("persistence", "open"));
        try (var run = OrchestratorRun.run(file)) {
            assertThat(run.awaitExit(START)).isEqualTo(2);
            assertThat(run.stderr().strip()).isEqualTo(file + ": error: embedded_broker.persistence: refusing the folder " + data
                    + ": others can write in " + data + " (mode 0777) and it is not sticky");
            assertThat(run.stdout()).doesNotContain("started");
        }
    }

    @Test
    void aSymbolicLinkIsRefusedInOneLine() throws Exception {
        Path target = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Path file = config(Mosquitto.freePort(), Map.of("persistence", "link"));
        try (var run = OrchestratorRun.run(file)) {
            assertThat(run.awaitExit(START)).isEqualTo(2);
            assertThat(run.stderr().strip()).isEqualTo(file + ": error: embedded_broker.persistence: refusing the folder " + link
                    + ": it is a symbolic link");
        }
    }

    @Test
    void checkSaysTheSameLinesAsRunAndMakesNothing() throws Exception {
        Path data = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path open = config(Mosquitto.freePort(), Map.of("persistence", "open"));
        try (var check = OrchestratorRun.start("check", "--config", open.toString())) {
            assertThat(check.awaitExit(START)).isEqualTo(2);
            assertThat(check.stderr().strip()).isEqualTo(open + ": error: embedded_broker.persistence: refusing the folder " + data
                    + ": others can write in " + data + " (mode 0777) and it is not sticky");
        }
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("real")));
        Path linked = config(Mosquitto.freePort(), Map.of("persistence", "link"));
        try (var check = OrchestratorRun.start("check", "--config", linked.toString())) {
            assertThat(check.awaitExit(START)).isEqualTo(2);
            assertThat(check.stderr().strip()).isEqualTo(linked + ": error: embedded_broker.persistence: refusing the folder " + link
                    + ": it is a symbolic link");
        }
        // A folder not made yet is fine, and check does not make it (run will).
        Path fine = config(Mosquitto.freePort(), Map.of("persistence", "later/data"));
        try (var check = OrchestratorRun.start("check", "--config", fine.toString())) {
            assertThat(check.awaitExit(START)).isZero();
        }
        assertThat(dir.resolve("later")).doesNotExist();
    }

    private Path config(int port, Map<String, Object> embedded) {
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port)
                .top("embedded_broker", embedded == null ? Boolean.TRUE : embedded);
        config.fixture("plain", Sleeper.class, dir.resolve("log").toString(), "plain");
        return config.writeTo(dir);
    }

    /** A persistent session subscribed at QoS 1 goes away; then a retained message and a QoS 1 message for it. */
    private static void publishWhileOffline(int port) throws MqttException {
        MqttClient keeper = connect(port, "keeper", false);
        keeper.subscribe("persist/queued", 1);
        keeper.disconnect();
        keeper.close();
        MqttClient publisher = connect(port, "publisher", true);
        publisher.publish("persist/retained", bytes("kept"), 0, true);
        publisher.publish("persist/queued", bytes("waiting"), 1, false);
        publisher.disconnect();
        publisher.close();
    }

    /**
     * Until the broker has written its store at least {@code SAVE_SECONDS} after those publishes were
     * acknowledged: a write made then includes them. Each poll retains a new value on a topic of its
     * own, so that there is always something to write.
     */
    private static void awaitSaved(int port, Path store) throws MqttException {
        long acknowledged = System.currentTimeMillis();
        MqttClient ticker = connect(port, "ticker", true);
        int[] tick = {0};
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ticker.publish("persist/tick", bytes(Integer.toString(++tick[0])), 1, true);
            return Files.exists(store) && Files.getLastModifiedTime(store).toMillis() > acknowledged + 1_200;
        });
        ticker.disconnect();
        ticker.close();
    }

    private static void killBroker(OrchestratorRun run, Path file) throws Exception {
        long pid = ControlClient.process(file, "broker").get("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        try {
            run.awaitStdoutCount("\\[orchestrator] broker is ready after", 2, START);
        } catch (AssertionError e) {
            throw new AssertionError("the broker did not come back:\n" + String.join("\n", run.stdoutLines().stream()
                    .filter(l -> l.startsWith("[broker]") || l.contains("broker exited")).toList()), e);
        }
        await().atMost(START).until(() -> ControlClient.process(file, "broker").get("pid").asLong() != pid);
    }

    /** {@return what the persistent session gets when it comes back (until a marker it asks for itself)} */
    private static List<String> receiveQueued(int port) throws MqttException {
        var got = new CopyOnWriteArrayList<String>();
        var client = new MqttClient("tcp://127.0.0.1:" + port, "keeper", new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        EmbeddedBrokerClients.connect(client, options(false));
        // Queued messages are sent at the connection; a marker it subscribes to and sends comes after them.
        String marker = "persist/marker/" + System.nanoTime();
        client.subscribe(marker, 1);
        client.publish(marker, bytes("m"), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.stream().anyMatch(m -> m.startsWith(marker)));
        client.disconnect();
        client.close();
        return got.stream().filter(m -> !m.startsWith(marker)).toList();
    }

    private static List<String> retained(int port) throws MqttException {
        var got = new CopyOnWriteArrayList<String>();
        MqttClient reader = connect(port, "reader-" + System.nanoTime(), true);
        reader.subscribe("persist/retained", 1, (topic, message) -> got.add(topic + "=" + new String(message.getPayload(),
                StandardCharsets.UTF_8)));
        String marker = "persist/marker/" + System.nanoTime();
        var seen = new CopyOnWriteArrayList<String>();
        reader.subscribe(marker, 1, (topic, message) -> seen.add(topic));
        reader.publish(marker, bytes("m"), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        reader.disconnect();
        reader.close();
        return got;
    }

    private static MqttClient connect(int port, String id, boolean clean) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        EmbeddedBrokerClients.connect(client, options(clean));
        return client;
    }

    private static MqttConnectOptions options(boolean clean) {
        var options = new MqttConnectOptions();
        options.setCleanSession(clean);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        return options;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

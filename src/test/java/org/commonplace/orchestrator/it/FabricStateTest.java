package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.fixtures.ExitWith;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state an orchestrator publishes on a real mosquitto: retained, with a last will, republished after the broker restarts. */
final class FabricStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "commonplace/orchestrator/alpha";

    @TempDir
    Path dir;

    private ConfigBuilder config(int port) {
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("instance", "alpha");
        config.fixture("steady", Sleeper.class, dir.resolve("steady.log").toString(), "steady");
        return config;
    }

    @Test
    void aCrashLoopIsPublishedRetainedAsItHappensAndACleanStopEndsStoppedThenOffline() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            var config = config(broker.port());
            config.fixture("crashy", ExitWith.class, "3").put("restart", ConfigBuilder.restart("always", 200, 400));
            try (var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/#");
                 var run = OrchestratorRun.run(config.writeTo(dir))) {
                spy.await(PREFIX + "/status", "online"::equals, WAIT);
                spy.await(PREFIX + "/processes/crashy/state", s -> parse(s).path("restarts").asInt() >= 3, WAIT);
                String steady = spy.await(PREFIX + "/processes/steady/state", s -> parse(s).path("state").asText().equals("running"), WAIT);
                JsonNode state = parse(steady);
                assertThat(state.path("pid").isNumber()).isTrue();
                assertThat(state.path("ready").asBoolean()).isTrue();
                assertThat(state.path("name").asText()).isEqualTo("steady");
                assertThat(steady).doesNotContain("\n");
                // Every message on a state topic is retained and one compact JSON object.
                assertThat(spy.messages()).filteredOn(m -> m.topic().endsWith("/state"))
                        .allSatisfy(m -> assertThat(parse(m.payload()).isObject()).isTrue());
                // A client that comes later gets the picture at once: it was retained.
                try (var late = MqttSpy.subscribe(broker.port(), PREFIX + "/#")) {
                    late.await(PREFIX + "/processes/crashy/state", s -> parse(s).path("last_exit").path("code").asInt() == 3, WAIT);
                    late.await(PREFIX + "/status", "online"::equals, WAIT);
                }
                run.signal(15);
                assertThat(run.awaitExit(WAIT)).isZero();
                spy.await(PREFIX + "/status", "offline"::equals, WAIT);
                for (String name : List.of("steady", "crashy")) {
                    assertThat(parse(spy.latest(PREFIX + "/processes/" + name + "/state").orElseThrow()).path("state").asText())
                            .isEqualTo("stopped");
                }
                // Stopped states come before offline.
                List<String> order = spy.messages().stream().map(MqttSpy.Message::topic).toList();
                assertThat(order.lastIndexOf(PREFIX + "/status")).isGreaterThan(order.lastIndexOf(PREFIX + "/processes/steady/state"));
            }
        }
    }

    @Test
    void theLastWillSaysOfflineWhenTheOrchestratorIsKilled() throws Exception {
        try (var broker = Mosquitto.start(dir);
             var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/status");
             var run = OrchestratorRun.run(config(broker.port()).writeTo(dir))) {
            spy.await(PREFIX + "/status", "online"::equals, WAIT);
            run.signal(9);
            spy.await(PREFIX + "/status", "offline"::equals, WAIT);
            assertThat(run.awaitExit(WAIT)).as("killed by SIGKILL").isEqualTo(137);
        }
    }

    @Test
    void aBrokerThatRestartsEmptyGetsEverythingAgainAndTheLossIsSaidOnce() throws Exception {
        int port = Mosquitto.freePort();
        Path file;
        try (var broker = Mosquitto.startOn(dir, port)) {
            file = config(port).writeTo(dir);
        }
        try (var first = Mosquitto.startOn(dir, port); var run = OrchestratorRun.run(file)) {
            try (var spy = MqttSpy.subscribe(port, PREFIX + "/#")) {
                spy.await(PREFIX + "/processes/steady/state", s -> parse(s).path("state").asText().equals("running"), WAIT);
            }
            first.close();
            run.awaitStdout("MQTT: lost the broker at 127\\.0\\.0\\.1:" + port, WAIT);
            // Something that takes each reconnect attempt and hangs up: three attempts, still one line.
            try (var refuser = new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
                for (int attempt = 0; attempt < 3; attempt++) {
                    refuser.accept().close();
                }
            }
            // Back, empty (persistence off: every retained message is gone): all of it is published again.
            try (var again = Mosquitto.startOn(dir, port); var spy = MqttSpy.subscribe(port, PREFIX + "/#")) {
                run.awaitStdout("MQTT: connected again to 127\\.0\\.0\\.1:" + port, WAIT);
                spy.await(PREFIX + "/processes/steady/state", s -> parse(s).path("state").asText().equals("running"), WAIT);
                spy.await(PREFIX + "/status", "online"::equals, WAIT);
                assertThat(run.stdout().lines().filter(l -> l.contains("MQTT: lost the broker"))).hasSize(1);
                assertThat(run.stdout().lines().filter(l -> l.contains("MQTT: cannot connect"))).isEmpty();
                assertThat(run.stdout()).contains("[steady] steady is up");
            }
        }
    }

    @Test
    void aProcessRemovedByReloadHasItsRetainedStateCleared() throws Exception {
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/#")) {
            var config = config(broker.port());
            config.fixture("extra", Sleeper.class, dir.resolve("extra.log").toString(), "extra");
            Path file = config.writeTo(dir);
            try (var run = OrchestratorRun.run(file)) {
                spy.await(PREFIX + "/processes/extra/state", s -> parse(s).path("state").asText().equals("running"), WAIT);
                config(broker.port()).writeTo(dir);
                assertThat(ControlClient.run(file, "reload").code()).isZero();
                await().atMost(WAIT).until(() -> spy.latest(PREFIX + "/processes/extra/state").isEmpty());
                try (var late = MqttSpy.subscribe(broker.port(), PREFIX + "/#")) {
                    late.await(PREFIX + "/processes/steady/state", s -> true, WAIT);
                    assertThat(late.latest(PREFIX + "/processes/extra/state")).isEmpty();
                }
            }
        }
    }

    @Test
    void publishStateFalsePublishesNothing() throws Exception {
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), "commonplace/#")) {
            var config = config(broker.port()).top("publish_state", false);
            try (var run = OrchestratorRun.run(config.writeTo(dir))) {
                run.awaitStdout("\\[steady] steady is up", WAIT);
                // The stop is what would publish the most: after it, still nothing arrived.
                run.signal(15);
                assertThat(run.awaitExit(WAIT)).isZero();
            }
            try (var late = MqttSpy.subscribe(broker.port(), "commonplace/#")) {
                // A retained message would reach a new subscriber at once; the marker proves the subscription is live.
                late.retain("commonplace/marker", "here");
                late.await("commonplace/marker", "here"::equals, WAIT);
                assertThat(late.messages()).extracting(MqttSpy.Message::topic).containsExactly("commonplace/marker");
            }
            assertThat(spy.messages()).extracting(MqttSpy.Message::topic).doesNotContain(PREFIX + "/status");
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}

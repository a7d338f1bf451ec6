package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.commonplace.orchestrator.fixtures.MqttPeer;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "ready": {"mqtt_message": ...}} against a real mosquitto, as commonplace's sync announces
 * {@code events/sync/initial-complete}: an announcement retained from an earlier run does not make
 * the new run ready, a message whose payload does not match does not either, and the one the process
 * publishes once started does (retained or not), so what depends on it starts then.
 */
final class MessageReadyTest {
    @TempDir
    Path dir;

    private static String quoted(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    @Test
    void aRetainedMessageFromBeforeTheStartIsIgnoredAndTheProcesssOwnAnnouncementMakesItReady() throws Exception {
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), "events/#")) {
            String address = "127.0.0.1:" + broker.port();
            spy.retain("events/sync/initial-complete", "done"); // an earlier run's announcement, kept by the broker
            Path go = dir.resolve("go");
            var publish = new ArrayList<>(List.of(Java.binary()));
            publish.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", Java.classpath(), MqttPeer.class.getName(),
                    "publish", "events/sync/initial-complete", "done", "--mqtt-broker", address));
            var config = new ConfigBuilder().top("mqtt_broker", address);
            config.shell("sync", "echo syncing; while [ ! -e " + go + " ]; do sleep 0.05; done; exec " + quoted(publish))
                    .putAll(Map.of("ready", Map.of("mqtt_message", Map.of("topic", "events/+/initial-complete", "payload", "^done$")),
                            "mqtt_broker_arg", false));
            config.shell("app", "echo app up; exec sleep 1000").put("depends_on", List.of("sync"));
            Path file = config.writeTo(dir);
            try (var run = OrchestratorRun.run(file)) {
                run.awaitStdout("\\[sync] syncing");
                spy.publish("events/sync/initial-complete", "partial", null, null);
                spy.await("events/sync/initial-complete", "partial"::equals, Duration.ofSeconds(30));
                assertThat(ControlClient.process(file, "sync").path("state").asText()).isEqualTo("starting");
                assertThat(run.stdout()).doesNotContain("[app] app up");

                Files.createFile(go);
                run.awaitStdout("sync is ready after", Duration.ofSeconds(30));
                run.awaitStdout("\\[app] app up", Duration.ofSeconds(30));
                run.awaitStdout("\\[sync] pid \\d+ published", Duration.ofSeconds(30));
            }
        }
    }
}

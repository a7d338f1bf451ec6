package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.commonplace.orchestrator.testing.StatePayloads.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.ExitWith;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.testing.BigPublish;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.StatePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 4: anyone who may publish on a topic we follow sends one 100 MB message there.
 * Paho read it whole into our 128 MiB heap; its receiver died of OutOfMemoryError without a word,
 * and for two minutes nothing was heard or published. Now the broker is told our maximum packet
 * size (MQTT 5) and our reader skips an oversized message unread (MQTT 3.1.1, as {@code watch}).
 */
final class OversizedMessageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "commonplace/orchestrator";
    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    /** The launcher's heap: the message must not fit in it. */
    private static final List<String> LAUNCHER_HEAP = List.of("-Xmx128m");

    @TempDir
    Path dir;

    @Test
    void aHundredMegabyteMessageOnARemoteDependencysTopicDoesNotSilenceTheFabric() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "beta");
            config.fixture("crashy", ExitWith.class, "3").put("restart", ConfigBuilder.restart("always", 100, 100));
            config.fixture("web", Sleeper.class, dir.resolve("web.log").toString(), "web").put("depends_on", List.of("alpha/store"));
            try (var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/beta/processes/crashy/state");
                 var run = OrchestratorRun.start(List.of(), LAUNCHER_HEAP, Map.of(), "run", "--config",
                         config.writeTo(dir).toString())) {
                run.awaitStdout("MQTT: connected to .* \\(MQTT 5\\)", WAIT);
                spy.await(PREFIX + "/beta/processes/crashy/state", s -> restarts(s) >= 2, WAIT);
                BigPublish.send(broker.port(), PREFIX + "/alpha/processes/store/state", HUNDRED_MB, false);
                int seen = spy.messages().size();
                // A restart every 0.1 s or so, each published as it happens: twenty messages within 10 s.
                // (With Paho's receiver dead each publish waited 5 s for a PUBACK that never came.)
                await().atMost(Duration.ofSeconds(10)).until(() -> spy.messages().size() >= seen + 20);
                assertThat(run.isAlive()).isTrue();
                assertThat(run.stdout() + run.stderr()).doesNotContain("OutOfMemoryError").doesNotContain("lost the broker");
            }
        }
    }

    @Test
    void watchSkipsAHundredMegabyteStateAndShowsTheNextChange() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            int port = broker.port();
            try (var publisher = new StatePublisher(port, PREFIX)) {
                publisher.retain("box-a/status", "online");
            }
            try (var watch = OrchestratorRun.start(List.of(), LAUNCHER_HEAP, Map.of(), "watch", "--mqtt-broker",
                    "127.0.0.1:" + port, "--prefix", PREFIX)) {
                watch.awaitStdout("^box-a online$", WAIT);
                BigPublish.send(port, PREFIX + "/box-a/processes/huge/state", HUNDRED_MB, false);
                try (var publisher = new StatePublisher(port, PREFIX)) {
                    publisher.retain("box-a/processes/web/state", state("web", ProcessState.RUNNING, 42, 0));
                }
                watch.awaitStdout("^box-a/web running pid 42 restarts 0 ready yes$", Duration.ofSeconds(15));
                assertThat(watch.stderr()).doesNotContain("OutOfMemoryError");
            }
        }
    }

    private static int restarts(String state) {
        try {
            JsonNode node = new ObjectMapper().readTree(state);
            return node.path("restarts").asInt();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}

package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.io.TempDir;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.Test;

/**
 * Moquette 0.17's one session loop dying: its thread ends, and with it every answer to every client,
 * while the broker's process stays up. {@link CoreThreads} makes the process exit then, so that it is
 * started again at once ({@link EmbeddedBroker} here, the supervisor under the orchestrator). No client
 * is known to end the loop any more ({@link AfterDisconnectTest}), so a test agent attached to the
 * broker's JVM throws on it ({@link SessionLoopKiller}): the same thread, dying the same way.
 */
final class CoreThreadDeathTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSessionLoopKilledByAnExceptionEndsTheBrokerProcessWhichIsStartedAgain(@TempDir Path dir) throws Exception {
        int port = Mosquitto.freePort();
        List<String> said = new CopyOnWriteArrayList<>();
        var broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), EmbeddedBrokerSettings.OPEN,
                said::add).broker().orElseThrow();
        try (broker) {
            long firstPid = broker.pid();
            SessionLoopKiller.into(firstPid, dir);
            await().atMost(WAIT).untilAsserted(() -> assertThat(said)
                    .anyMatch(line -> line.startsWith("embedded MQTT broker: " + CoreThreads.LINE_START)
                            && line.contains("'Session Executor 0'") && line.contains(SessionLoopKiller.MESSAGE))
                    .anyMatch(line -> line.contains("(pid " + firstPid + ") ended (exit code " + CoreThreads.EXIT_CODE + ")")));
            assertThat(said).filteredOn(line -> line.contains(CoreThreads.LINE_START)).hasSize(1);
            // Started again, and it answers.
            await().atMost(WAIT).until(() -> broker.pid() != firstPid);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (var client = RawMqtt.connect(port, "core-death-after", null, null, null, 1 << 16, WAIT)) {
                    assertThat(client.connack()).isZero();
                }
            });
        }
    }

    /**
     * Under the orchestrator: the broker's exit is a crash like any other, so the supervisor starts it again
     * with its backoff (0.5 s first), not after its liveness check's three failed CONNECTs (about 30 s).
     */
    @Test
    void underTheOrchestratorTheBrokerIsRestartedWhenItsSessionLoopDies(@TempDir Path dir) throws Exception {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("embedded_broker", true);
        config.fixture("plain", Sleeper.class, dir.resolve("log").toString(), "plain");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[orchestrator] broker is ready after", WAIT);
            long pid = ControlClient.process(file, "broker").get("pid").asLong();
            SessionLoopKiller.into(pid, dir);
            run.awaitStderr("\\[broker] " + java.util.regex.Pattern.quote(CoreThreads.LINE_START + "'Session Executor 0' died ("
                    + "java.lang.IllegalStateException: " + SessionLoopKiller.MESSAGE), WAIT);
            run.awaitStdoutCount("\\[orchestrator] broker is ready after", 2, WAIT);
            await().atMost(WAIT).untilAsserted(() -> {
                var again = ControlClient.process(file, "broker");
                assertThat(again.get("state").asText()).isEqualTo("running");
                assertThat(again.get("pid").asLong()).isNotEqualTo(pid);
                assertThat(again.get("restarts").asInt()).isEqualTo(1);
            });
            run.signal(15);
            assertThat(run.awaitExit(WAIT)).isZero();
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.RawMqtt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 5: someone who may publish commands sends tens of thousands of {@code start web}
 * as fast as the socket takes them, while web waits on a dependency (so no command can finish).
 * Before, every one became a reply that waited, scanned after each event (O(n²)): {@code ps} did
 * not answer for 30 s and SIGTERM was ignored for a minute.
 */
final class CommandFloodTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CMD = "commonplace/orchestrator/alpha/processes/web/cmd";
    private static final String REPLIES = "commonplace/orchestrator/alpha/replies/flood";
    private static final int FLOOD = 50_000;

    @TempDir
    Path dir;

    @Test
    void aFloodOfCommandsIsRefusedBeyondItsShareAndPsAndSigtermStayPrompt() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "alpha")
                    .top("mqtt_commands", true);
            // db never becomes ready: web waits, so a start of web cannot finish.
            config.fixture("db", Sleeper.class, dir.resolve("db.log").toString(), "db")
                    .put("ready", Map.of("log", "never said", "timeout_ms", 600_000));
            config.fixture("web", Sleeper.class, dir.resolve("web.log").toString(), "web").put("depends_on", List.of("db"));
            Path file = config.writeTo(dir);
            Path socket = RunFiles.of(file).socket();
            try (var run = OrchestratorRun.run(file); var operator = MqttSpy.subscribe(broker.port(), REPLIES + "/#")) {
                run.awaitStdout("MQTT: connected to", WAIT);
                run.awaitStdout("\\[db] db is up", WAIT);
                try (var flood = RawMqtt.connect(broker.port(), null, null)) {
                    for (int i = 0; i < FLOOD; i++) {
                        flood.publish(CMD, "start".getBytes(StandardCharsets.UTF_8), false, REPLIES + "/" + (i % 4),
                                Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                    }
                    flood.flush();
                }
                // While the flood is taken in, ps answers within a couple of seconds, each time.
                for (int i = 0; i < 5; i++) {
                    JsonNode ps = ask(socket, "{\"cmd\":\"ps\"}", Duration.ofSeconds(3));
                    assertThat(ps.path("ok").asBoolean()).as(ps.toString()).isTrue();
                }
                // What could not be taken was refused at once, with a reply that says why.
                operator.await(REPLIES + "/0", s -> s.contains("\"busy\""), WAIT);
                // The console is not flooded: commands and refusals are summed up, not told one by one.
                run.awaitStdout("MQTT: \\d+ more commands refused busy in the last", WAIT);
                assertThat(run.stdoutLines().stream().filter(l -> l.contains("MQTT")).count()).isLessThan(50);
                // SIGTERM is taken at once and stops everything within the usual time (web waits; db exits at its
                // SIGTERM); saying goodbye to the broker may take up to 5 s more.
                run.signal(15);
                run.awaitStdout("received SIGTERM: stopping all processes", Duration.ofSeconds(2));
                run.awaitStdout("all processes stopped", Duration.ofSeconds(5));
                assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.stdout()).isZero();
            }
        }
    }

    /** One request on the control socket, failing when no reply comes within {@code limit}. */
    private static JsonNode ask(Path socket, String request, Duration limit) throws Exception {
        var reply = CompletableFuture.supplyAsync(() -> ControlClient.ask(socket, request));
        try {
            return reply.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("ps did not answer within " + limit);
        }
    }
}

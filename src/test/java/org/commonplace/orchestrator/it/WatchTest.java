package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's {@code watch}: the list at once, then again when something changed, pushed by the orchestrator. */
final class WatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void watchSendsTheListThenEveryChangeUntilTheOrchestratorExits() throws Exception {
        var config = new ConfigBuilder();
        config.shell("db", "echo up; exec sleep 1000");
        config.shell("app", "echo up; exec sleep 1000").put("depends_on", List.of("db"));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[app\\] up", Duration.ofSeconds(30));
            Path socket = RunFiles.of(file).socket();
            try (SocketChannel watch = ControlClient.connect(socket)) {
                ControlClient.write(watch, "{\"v\":1,\"cmd\":\"watch\",\"interval_ms\":60000}\n");
                JsonNode first = JSON.readTree(ControlClient.readLine(watch));
                assertThat(first.path("ok").asBoolean()).isTrue();
                assertThat(states(first)).containsExactly("db=running", "app=running");
                long appPid = first.path("processes").get(1).path("pid").asLong();

                JsonNode restarted = ControlClient.ask(socket, "{\"cmd\":\"restart\",\"names\":[\"app\"]}");
                assertThat(restarted.path("ok").asBoolean()).as(restarted.toString()).isTrue();
                // Pushed (the interval is a minute): lines until app runs with a new pid.
                var seen = new ArrayList<String>();
                JsonNode last;
                do {
                    last = JSON.readTree(await(watch));
                    assertThat(last.path("v").asInt()).isEqualTo(1);
                    seen.add(states(last).toString());
                } while (!(last.path("processes").get(1).path("state").asText().equals("running")
                        && last.path("processes").get(1).path("pid").asLong() != appPid));
                assertThat(last.path("processes").get(0).path("pid").asLong())
                        .isEqualTo(first.path("processes").get(0).path("pid").asLong());
                assertThat(seen).as("a line per burst of changes, not per poll").hasSizeLessThan(6);

                run.signal(15);
                assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
                // The connection ends with the orchestrator (after the stopping states were pushed).
                String line;
                while ((line = await(watch)) != null) {
                    assertThat(JSON.readTree(line).has("processes")).isTrue();
                }
            }
        }
    }

    private static String await(SocketChannel channel) throws Exception {
        return CompletableFuture.supplyAsync(() -> ControlClient.readLine(channel)).get(20, TimeUnit.SECONDS);
    }

    private static List<String> states(JsonNode reply) {
        var states = new ArrayList<String>();
        reply.path("processes").forEach(p -> states.add(p.path("name").asText() + "=" + p.path("state").asText()));
        return states;
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.ControlClient.Result;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "replicas": N} with real processes (issue 28, item 2): web.1 ... web.N each with REPLICA in its
 * environment and ${REPLICA} in its args and env, dependents waiting for every replica, and {@code scale}
 * at run time, the highest replicas stopped and the dependents left running.
 */
final class ReplicasTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config() {
        var config = new ConfigBuilder();
        var web = config.process("web", "/bin/sh", List.of("-c", "echo replica $REPLICA arg $1 port $PORT; exec sleep 1000",
                "sh", "${REPLICA}"));
        web.put("replicas", 2);
        web.put("env", Map.of("PORT", "80${REPLICA}"));
        config.shell("app", "echo app up; exec sleep 1000").put("depends_on", List.of("web"));
        return config.writeTo(dir);
    }

    /** The processes ps shows, straight from the socket (a client JVM per look costs seconds on a loaded machine). */
    private static JsonNode ps(Path socket) {
        return ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"ps\"}").path("processes");
    }

    private static List<String> names(Path socket) {
        var names = new ArrayList<String>();
        ps(socket).forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    @Test
    void replicasRunUnderTheirNumbersAndScaleStartsAndStopsTheHighestAndRefusesOthers() throws Exception {
        Path file = config();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[web\\.1] replica 1 arg 1 port 801$", WAIT);
            run.awaitStdout("\\[web\\.2] replica 2 arg 2 port 802$", WAIT);
            run.awaitStdout("\\[app] app up", WAIT);
            Path socket = RunFiles.of(file).socket();
            assertThat(names(socket)).containsExactly("web.1", "web.2", "app");
            JsonNode app = ControlClient.processOnSocket(socket, "app");
            assertThat(app.path("depends_on").toString()).isEqualTo("[\"web.1\",\"web.2\"]");
            long appPid = app.path("pid").asLong();

            Result up = ControlClient.run(file, "scale", "web", "3");
            assertThat(up.code()).as(up.err()).isZero();
            assertThat(up.out()).contains("started: web.3").contains("updated: app");
            run.awaitStdout("\\[web\\.3] replica 3 arg 3 port 803$", WAIT);

            JsonNode down = ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"scale\",\"names\":[\"web\"],\"count\":1}");
            assertThat(down.path("lines").toString()).contains("stopped: web.2, web.3");
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> names(socket).equals(List.of("web.1", "app")));
            JsonNode after = ControlClient.processOnSocket(socket, "app");
            assertThat(after.path("pid").asLong()).as("app keeps running").isEqualTo(appPid);
            assertThat(after.path("depends_on").toString()).isEqualTo("[\"web.1\"]");

            Result plain = ControlClient.run(file, "scale", "app", "2");
            assertThat(plain.code()).isEqualTo(1);
            assertThat(plain.err()).contains("app has no \"replicas\" in the config");
            JsonNode unknown = ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"scale\",\"names\":[\"wbe\"],\"count\":2}");
            assertThat(unknown.path("error").asText()).isEqualTo("unknown_process");
        }
    }
}

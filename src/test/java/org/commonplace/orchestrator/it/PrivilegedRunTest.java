package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.SystemUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run with a process that runs as another user (the system's {@code nobody}; as root, as CI
 * runs): its exec ready and liveness checks run as that user and still pass, {@code ps --json}
 * and the MQTT state say which user it runs as, and such a program can neither signal the
 * orchestrator nor read its /proc entries or runtime directory (the control socket's).
 */
final class PrivilegedRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "commonplace/orchestrator/lowered";

    @TempDir
    Path dir;

    @Test
    void readinessAndLivenessPassAsTheUserAndPsAndMqttShowIt() throws Exception {
        assertThat(SystemUsers.root()).as("root alone runs processes as another user, as CI runs").isTrue();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/#")) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "lowered");
            var asUser = List.of("sh", "-c", "test \"$(id -u)\" = 65534 && test \"$USER\" = nobody");
            var lowered = config.shell("lowered", "exec sleep 300");
            lowered.put("user", "nobody");
            lowered.put("ready", Map.of("exec", asUser, "interval_ms", 100, "timeout_ms", 20000));
            lowered.put("liveness", Map.of("exec", asUser, "interval_ms", 200, "failure_threshold", 1));
            config.shell("plain", "exec sleep 300");
            // What a lowered program tries against us: its parent is the orchestrator (every step
            // execs in place), the control socket sits in the runtime directory.
            var prober = config.shell("prober", "kill -TERM $PPID 2>/dev/null; echo \"signal=$?\";"
                    + " cat /proc/$PPID/environ >/dev/null 2>&1; echo \"environ=$?\";"
                    + " ls /proc/$PPID/fd >/dev/null 2>&1; echo \"fds=$?\";"
                    + " ls \"$${XDG_RUNTIME_DIR:-/run}/commonplace-orchestrator\" >/dev/null 2>&1; echo \"runtime=$?\";"
                    + " exec sleep 300");
            prober.put("user", "nobody");
            Path file = config.writeTo(dir);
            try (var run = OrchestratorRun.run(file)) {
                run.awaitStdout("lowered is ready after", WAIT);
                await().atMost(WAIT).until(() -> process(ControlClient.run(file, "ps", "--json").json(), "lowered")
                        .path("health").asText().equals("ok"));
                JsonNode ps = ControlClient.run(file, "ps", "--json").json();
                assertThat(process(ps, "lowered").path("user").asText()).isEqualTo("nobody");
                assertThat(process(ps, "plain").path("user").isNull()).as("%s", ps).isTrue();
                String state = spy.await(PREFIX + "/processes/lowered/state", s -> parse(s).has("user"), WAIT);
                assertThat(parse(state).path("user").asText()).isEqualTo("nobody");
                assertThat(run.stdout()).doesNotContain("lowered failed its liveness");
                run.awaitStdout("\\[prober\\] runtime=", WAIT);
                assertThat(run.stdout()).contains("[prober] signal=1", "[prober] environ=1", "[prober] fds=2")
                        .containsPattern("\\[prober\\] runtime=[12]\\b");
            }
        }
    }

    private static JsonNode process(JsonNode ps, String name) {
        for (JsonNode p : ps) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " in " + ps);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

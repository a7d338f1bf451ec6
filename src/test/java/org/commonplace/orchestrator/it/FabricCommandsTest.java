package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start/stop/restart messages on the broker: off by default, obeyed when on, and refused by the broker's ACL. */
final class FabricCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CMD = "commonplace/orchestrator/alpha/processes/web/cmd";

    @TempDir
    Path dir;

    private Path config(int port, boolean commands, String... credentials) {
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("instance", "alpha")
                .top("mqtt_commands", commands);
        if (credentials.length == 2) {
            config.top("mqtt_username", credentials[0]).top("mqtt_password_file", credentials[1]);
        }
        config.fixture("web", Sleeper.class, dir.resolve("web.log").toString(), "web");
        return config.writeTo(dir);
    }

    private static long pid(Path config) {
        return ControlClient.process(config, "web").path("pid").asLong();
    }

    @Test
    void aRestartMessageRestartsTheProcessAndTheReplyGoesToTheResponseTopic() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            Path file = config(broker.port(), true);
            try (var run = OrchestratorRun.run(file); var operator = MqttSpy.subscribe(broker.port(), "replies/#")) {
                run.awaitStdout("\\[web] web is up", WAIT);
                run.awaitStdout("MQTT: connected to", WAIT);
                long before = pid(file);
                operator.publish(CMD, "restart", "replies/me", "42".getBytes(StandardCharsets.UTF_8));
                String reply = operator.await("replies/me", s -> true, WAIT);
                JsonNode answer = JSON.readTree(reply);
                assertThat(answer.path("ok").asBoolean()).as(reply).isTrue();
                assertThat(operator.messages().getLast().correlation()).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
                assertThat(pid(file)).isNotEqualTo(before);
                assertThat(run.stdout()).contains("MQTT command: restart web");
                // A word that is not a command is refused in the reply and does nothing.
                long now = pid(file);
                operator.publish(CMD, "rm -rf /", "replies/bad", new byte[] {1});
                assertThat(JSON.readTree(operator.await("replies/bad", s -> true, WAIT)).path("error").asText()).isEqualTo("bad_command");
                assertThat(pid(file)).isEqualTo(now);
            }
        }
    }

    @Test
    void commandsAreOffByDefault() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            Path file = config(broker.port(), false);
            try (var run = OrchestratorRun.run(file); var operator = MqttSpy.subscribe(broker.port(), "replies/#")) {
                run.awaitStdout("MQTT: connected to", WAIT);
                long before = pid(file);
                operator.publish(CMD, "restart", "replies/me", new byte[] {1});
                // Nothing listens: the process keeps its pid and no reply comes, for a good while.
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> operator.latest("replies/me").isEmpty());
                assertThat(pid(file)).isEqualTo(before);
                assertThat(run.stdout()).doesNotContain("MQTT command");
            }
        }
    }

    @Test
    void aClientWithoutTheRightCannotMakeAProcessRestart() throws Exception {
        int port = Mosquitto.freePort();
        Path passwords = dir.resolve("passwd");
        for (String[] user : new String[][] {{"orchestrator", "o-secret"}, {"ops", "ops-secret"}, {"viewer", "v-secret"}}) {
            var command = new java.util.ArrayList<>(java.util.List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwords)) {
                command.add(1, "-c");
            }
            command.addAll(java.util.List.of(passwords.toString(), user[0], user[1]));
            var make = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(make.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(make.exitValue()).as(new String(make.getInputStream().readAllBytes())).isZero();
        }
        // The ACL of docs/mqtt.md: the orchestrator owns its topics, ops may send commands, viewer only reads.
        Path acl = dir.resolve("acl");
        Files.writeString(acl, """
                user orchestrator
                topic readwrite commonplace/orchestrator/#
                topic write commonplace/replies/#

                user ops
                topic read commonplace/orchestrator/#
                topic write commonplace/orchestrator/+/processes/+/cmd
                topic read commonplace/replies/ops/#

                user viewer
                topic read commonplace/orchestrator/#
                topic read commonplace/replies/viewer/#
                """);
        Path secret = dir.resolve("orchestrator.pass");
        Files.writeString(secret, "o-secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        try (var broker = Mosquitto.startWith(dir, port, "allow_anonymous false\npassword_file " + passwords
                + "\nacl_file " + acl + "\n")) {
            Path file = config(port, true, "orchestrator", secret.toString());
            try (var run = OrchestratorRun.run(file);
                 var viewer = MqttSpy.connect(port, "viewer", "v-secret", "commonplace/replies/viewer/#");
                 var ops = MqttSpy.connect(port, "ops", "ops-secret", "commonplace/replies/ops/#")) {
                run.awaitStdout("MQTT: connected to", WAIT);
                long before = pid(file);
                // The broker drops viewer's publish (its ACL); a reply would come within moments if it got through.
                viewer.publish(CMD, "restart", "commonplace/replies/viewer/1", new byte[] {1});
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> viewer.latest("commonplace/replies/viewer/1").isEmpty());
                assertThat(pid(file)).isEqualTo(before);
                ops.publish(CMD, "restart", "commonplace/replies/ops/1", new byte[] {2});
                assertThat(JSON.readTree(ops.await("commonplace/replies/ops/1", s -> true, WAIT)).path("ok").asBoolean()).isTrue();
                assertThat(pid(file)).isNotEqualTo(before);
            }
        }
    }
}

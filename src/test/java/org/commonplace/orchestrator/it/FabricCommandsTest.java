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
    /** Where replies may go: under the instance's reply prefix (README, "MQTT"). */
    private static final String REPLIES = "commonplace/orchestrator/alpha/replies";

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
            try (var run = OrchestratorRun.run(file); var operator = MqttSpy.subscribe(broker.port(), REPLIES + "/#")) {
                run.awaitStdout("\\[web] web is up", WAIT);
                run.awaitStdout("MQTT: connected to", WAIT);
                long before = pid(file);
                operator.publish(CMD, "restart", REPLIES + "/me", "42".getBytes(StandardCharsets.UTF_8));
                String reply = operator.await(REPLIES + "/me", s -> true, WAIT);
                JsonNode answer = JSON.readTree(reply);
                assertThat(answer.path("ok").asBoolean()).as(reply).isTrue();
                assertThat(operator.messages().getLast().correlation()).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
                assertThat(pid(file)).isNotEqualTo(before);
                assertThat(run.stdout()).contains("MQTT command: restart web");
                // A word that is not a command is refused in the reply and does nothing.
                long now = pid(file);
                operator.publish(CMD, "rm -rf /", REPLIES + "/bad", new byte[] {1});
                assertThat(JSON.readTree(operator.await(REPLIES + "/bad", s -> true, WAIT)).path("error").asText()).isEqualTo("bad_command");
                assertThat(pid(file)).isEqualTo(now);
            }
        }
    }

    @Test
    void commandsAreOffByDefault() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            Path file = config(broker.port(), false);
            try (var run = OrchestratorRun.run(file); var operator = MqttSpy.subscribe(broker.port(), REPLIES + "/#")) {
                run.awaitStdout("MQTT: connected to", WAIT);
                long before = pid(file);
                operator.publish(CMD, "restart", REPLIES + "/me", new byte[] {1});
                // Nothing listens: the process keeps its pid and no reply comes, for a good while.
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> operator.latest(REPLIES + "/me").isEmpty());
                assertThat(pid(file)).isEqualTo(before);
                assertThat(run.stdout()).doesNotContain("MQTT command");
            }
        }
    }

    /**
     * Starts mosquitto with the users and the ACL of the README: the orchestrator owns its topics, ops
     * may send commands and read its replies, viewer only reads.
     */
    private Mosquitto brokerWithAcl(int port) throws Exception {
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
        Path acl = dir.resolve("acl");
        Files.writeString(acl, """
                user orchestrator
                topic readwrite commonplace/orchestrator/#

                user ops
                topic read commonplace/orchestrator/+/status
                topic read commonplace/orchestrator/+/processes/+/state
                topic write commonplace/orchestrator/+/processes/+/cmd

                user viewer
                topic read commonplace/orchestrator/#

                pattern read commonplace/orchestrator/+/replies/%u/#
                """);
        return Mosquitto.startWith(dir, port, "allow_anonymous false\npassword_file " + passwords + "\nacl_file " + acl + "\n");
    }

    private Path orchestratorSecret() throws Exception {
        Path secret = dir.resolve("orchestrator.pass");
        Files.writeString(secret, "o-secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        return secret;
    }

    @Test
    void aClientWithoutTheRightCannotMakeAProcessRestart() throws Exception {
        int port = Mosquitto.freePort();
        Path secret = orchestratorSecret();
        try (var broker = brokerWithAcl(port)) {
            Path file = config(port, true, "orchestrator", secret.toString());
            try (var run = OrchestratorRun.run(file);
                 var viewer = MqttSpy.connect(port, "viewer", "v-secret", REPLIES + "/viewer/#");
                 var ops = MqttSpy.connect(port, "ops", "ops-secret", REPLIES + "/ops/#")) {
                run.awaitStdout("MQTT: connected to", WAIT);
                long before = pid(file);
                // The broker drops viewer's publish (its ACL); a reply would come within moments if it got through.
                viewer.publish(CMD, "restart", REPLIES + "/viewer/1", new byte[] {1});
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> viewer.latest(REPLIES + "/viewer/1").isEmpty());
                assertThat(pid(file)).isEqualTo(before);
                ops.publish(CMD, "restart", REPLIES + "/ops/1", new byte[] {2});
                assertThat(JSON.readTree(ops.await(REPLIES + "/ops/1", s -> true, WAIT)).path("ok").asBoolean()).isTrue();
                assertThat(pid(file)).isNotEqualTo(before);
            }
        }
    }

    /**
     * Issue 22, item 5: ops may only publish commands, yet named {@code commonplace/orchestrator/other/status}
     * as the response topic and had the orchestrator publish there with its own rights (forging another
     * instance's status); a response topic of 250 levels made mosquitto disconnect the orchestrator (and
     * publish its last will, "offline"). Replies go under PREFIX/INSTANCE/replies/ only, within limits.
     */
    @Test
    void aSenderCannotBorrowTheOrchestratorsRightsThroughItsResponseTopic() throws Exception {
        int port = Mosquitto.freePort();
        Path secret = orchestratorSecret();
        try (var broker = brokerWithAcl(port)) {
            Path file = config(port, true, "orchestrator", secret.toString());
            try (var run = OrchestratorRun.run(file);
                 var viewer = MqttSpy.connect(port, "viewer", "v-secret", "commonplace/orchestrator/#");
                 var ops = MqttSpy.connect(port, "ops", "ops-secret", REPLIES + "/ops/#");
                 var attacker = org.commonplace.orchestrator.testing.RawMqtt.connect(port, "ops", "ops-secret")) {
                run.awaitStdout("MQTT: connected to", WAIT);
                viewer.await("commonplace/orchestrator/alpha/status", "online"::equals, WAIT);
                attacker.publish(CMD, "restart".getBytes(StandardCharsets.UTF_8), false,
                        "commonplace/orchestrator/other/status", new byte[] {1});
                attacker.publish(CMD, "restart".getBytes(StandardCharsets.UTF_8), false,
                        REPLIES + "/ops" + "/x".repeat(250), new byte[] {2});
                // Then a command as ops may send it, from the same connection: once its reply is here, the two before
                // it have been handled (a broker keeps one client's messages on one topic in order).
                attacker.publish(CMD, "restart".getBytes(StandardCharsets.UTF_8), false, REPLIES + "/ops/2", new byte[] {3});
                attacker.flush();
                assertThat(JSON.readTree(ops.await(REPLIES + "/ops/2", s -> true, WAIT)).path("ok").asBoolean()).isTrue();
                viewer.await(REPLIES + "/ops/2", s -> true, WAIT); // what went before to viewer has come too
                // Nothing was published where it asked, and the orchestrator kept its connection.
                assertThat(viewer.latest("commonplace/orchestrator/other/status")).isEmpty();
                assertThat(viewer.messages()).noneMatch(m -> m.topic().equals("commonplace/orchestrator/alpha/status")
                        && m.payload().equals("offline"));
                assertThat(run.stdout()).doesNotContain("MQTT: lost the broker").containsOnlyOnce("MQTT command: restart web");
                // Each refusal is said, the topic cut short.
                assertThat(run.stdout()).contains("MQTT: refused a command for web: its response topic"
                        + " 'commonplace/orchestrator/other/status' is not under commonplace/orchestrator/alpha/replies/");
                assertThat(run.stdout()).containsPattern("MQTT: refused a command for web: its response topic '" + REPLIES
                        + "/ops/x/x/x.*\\(" + (REPLIES.length() + 504) + " characters, 255 levels\\)");
            }
        }
    }
}

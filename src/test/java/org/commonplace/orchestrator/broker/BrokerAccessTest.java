package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker with the password file and ACL of the README's mosquitto example, the password
 * file written by the real {@code mosquitto_passwd}: only known users log in, and each reads and
 * writes only where the ACL lets it.
 */
final class BrokerAccessTest {
    private static final String ACL = """
            user orchestrator
            topic readwrite commonplace/orchestrator/#

            user ops
            topic read commonplace/orchestrator/+/status
            topic write commonplace/orchestrator/+/processes/+/cmd

            user viewer
            topic read commonplace/orchestrator/#

            pattern read commonplace/orchestrator/+/replies/%u/#
            """;

    @TempDir
    Path dir;

    @Test
    void onlyKnownUsersLogInAndEachReadsAndWritesWhereTheAclLetsIt() throws Exception {
        Path passwd = dir.resolve("passwd");
        passwd(passwd, "orchestrator", "o-secret");
        passwd(passwd, "ops", "ops-secret");
        passwd(passwd, "viewer", "v-secret");
        Path acl = Files.writeString(dir.resolve("acl"), ACL);
        int port = Mosquitto.freePort();
        var settings = new EmbeddedBrokerSettings(Optional.of(passwd), Optional.of(acl));
        var start = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), settings, line -> { });
        assertThat(start.line()).endsWith("(loopback only) with passwords and an ACL");
        try (EmbeddedBroker broker = start.broker().orElseThrow()) {
            assertThatThrownBy(() -> connect(port, null, null)).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(port, "ops", "wrong")).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(port, "nobody", "o-secret")).isInstanceOf(MqttException.class);

            MqttClient orchestrator = connect(port, "orchestrator", "o-secret");
            var commands = new CopyOnWriteArrayList<String>();
            orchestrator.subscribe("commonplace/orchestrator/box/processes/+/cmd", 1,
                    (topic, message) -> commands.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            MqttClient viewer = connect(port, "viewer", "v-secret");
            MqttClient ops = connect(port, "ops", "ops-secret");
            // A viewer's command is dropped by the broker (MQTT 3.1.1 has no way to say so); ops' arrives.
            viewer.publish("commonplace/orchestrator/box/processes/web/cmd", "stop".getBytes(StandardCharsets.UTF_8), 1, false);
            ops.publish("commonplace/orchestrator/box/processes/web/cmd", "restart".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> commands.contains("restart"));
            assertThat(commands).containsExactly("restart");
            // Reading outside its lines is refused at SUBSCRIBE (return code 0x80); its own replies are not.
            assertThat(ops.subscribeWithResponse("commonplace/orchestrator/#", 1).getGrantedQos()).containsExactly(128);
            assertThat(ops.subscribeWithResponse("commonplace/orchestrator/box/replies/ops/#", 1).getGrantedQos()).containsExactly(1);
            assertThat(ops.subscribeWithResponse("commonplace/orchestrator/box/replies/viewer/#", 1).getGrantedQos())
                    .containsExactly(128);
            for (MqttClient client : new MqttClient[] {orchestrator, viewer, ops}) {
                client.disconnect();
                client.close();
            }
        }
    }

    @Test
    void aClientWhoseWillGoesWhereItMayNotWriteIsRefusedAndItsDeathPublishesNothing() throws Exception {
        Path passwd = dir.resolve("passwd");
        passwd(passwd, "ops", "ops-secret");
        passwd(passwd, "viewer", "v-secret");
        Path acl = Files.writeString(dir.resolve("acl"), ACL);
        int port = Mosquitto.freePort();
        var settings = new EmbeddedBrokerSettings(Optional.of(passwd), Optional.of(acl));
        try (EmbeddedBroker broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), settings, line -> { })
                .broker().orElseThrow()) {
            MqttClient viewer = connect(port, "viewer", "v-secret");
            var heard = new CopyOnWriteArrayList<String>();
            viewer.subscribe("commonplace/orchestrator/#", 1,
                    (topic, message) -> heard.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));
            Duration wait = Duration.ofSeconds(30);
            // ops may only read a status: a will there would let its death say "offline" for the orchestrator.
            try (var forger = RawMqtt.connect(port, "forger", "ops", "ops-secret",
                    new RawMqtt.Will("commonplace/orchestrator/box/status", "offline"), 65536, wait)) {
                assertThat(forger.connack()).as("CONNACK: not authorized").isEqualTo(5);
                assertThat(forger.drainToEnd()).isZero();
            }
            // A will where ops may write is taken, and published when its client dies (its socket closed, no DISCONNECT).
            try (var allowed = RawMqtt.connect(port, "allowed", "ops", "ops-secret",
                    new RawMqtt.Will("commonplace/orchestrator/box/processes/web/cmd", "restart"), 65536, wait)) {
                assertThat(allowed.connack()).isZero();
            }
            await().atMost(wait).until(() -> heard.contains("commonplace/orchestrator/box/processes/web/cmd=restart"));
            assertThat(heard).containsExactly("commonplace/orchestrator/box/processes/web/cmd=restart");
            viewer.disconnect();
            viewer.close();
        }
    }

    @Test
    void aPasswordFileInPlainTextIsRefusedInOneLine() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "ops:plain-secret\n");
        int port = Mosquitto.freePort();
        var settings = new EmbeddedBrokerSettings(Optional.of(passwd), Optional.empty());
        assertThatThrownBy(() -> EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port), settings, line -> { }))
                .isInstanceOf(EmbeddedBroker.Refused.class)
                .hasMessage("cannot start the embedded MQTT broker on 127.0.0.1:" + port + ": password file " + passwd
                        + " line 1: not a hashed password (expected $7$... or $6$..., as mosquitto_passwd writes)"
                        + " (nothing answered MQTT there: connection refused)");
    }

    @Test
    void aclFiltersCoverWholeSubscriptionsAndKeepDollarTopicsFromWildcards() {
        assertThat(MosquittoAcl.covers("a/#", "a/b/c")).isTrue();
        assertThat(MosquittoAcl.covers("a/#", "a")).isTrue(); // as MQTT matches "sport/#" to "sport"
        assertThat(MosquittoAcl.covers("a/+", "a/#")).isFalse();
        assertThat(MosquittoAcl.covers("a/+", "a/+")).isTrue();
        assertThat(MosquittoAcl.covers("#", "$SYS/x")).isFalse();
        assertThat(MosquittoAcl.covers("$SYS/#", "$SYS/x")).isTrue();
    }

    private static void passwd(Path file, String user, String password) throws Exception {
        var command = Files.exists(file) ? new String[] {"mosquitto_passwd", "-b", file.toString(), user, password}
                : new String[] {"mosquitto_passwd", "-c", "-b", file.toString(), user, password};
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    private static MqttClient connect(int port, String user, String password) throws MqttException {
        var client = new MqttClient("tcp://127.0.0.1:" + port, "access-" + user + "-" + System.nanoTime(), new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.setTimeToWait(10_000);
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }
}

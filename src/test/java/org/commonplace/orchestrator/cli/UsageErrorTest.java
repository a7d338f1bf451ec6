package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.testing.StandardStreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors: exit 2, one line naming the problem, a hint to --help, nothing started. */
final class UsageErrorTest {
    @RegisterExtension
    final StandardStreams std = new StandardStreams();
    @TempDir
    Path dir;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("c.json");
        Files.writeString(config, """
                {"processes": {"store": {"command": "true"}, "http": {"command": "true", "depends_on": ["store"]}}}
                """);
    }

    private String errText() {
        return std.err();
    }

    private void assertOneLineUsageError(String fragment) {
        assertThat(errText().lines()).hasSize(1);
        assertThat(errText()).contains(fragment).contains("--help");
        assertThat(std.out()).doesNotContain("started");
    }

    @Test
    void anUnknownFlagExitsTwo() {
        assertThat(Main.execute("--no-such-flag")).isEqualTo(2);
        assertOneLineUsageError("--no-such-flag");
    }

    @Test
    void anUnknownNameInDisableExitsTwo() {
        assertThat(Main.execute("run", "--config", config.toString(), "--disable", "stor")).isEqualTo(2);
        assertOneLineUsageError("--disable stor: no process named 'stor'");
    }

    @Test
    void anUnknownNameInOnlyExitsTwo() {
        assertThat(Main.execute("--config", config.toString(), "--only", "web")).isEqualTo(2);
        assertOneLineUsageError("--only web: no process named 'web'");
    }

    @Test
    void anUnknownNameInExtraArgsExitsTwo() {
        assertThat(Main.execute("--config", config.toString(), "--extra-args", "web=--port 1")).isEqualTo(2);
        assertOneLineUsageError("--extra-args web: no process named 'web'");
    }

    @Test
    void extraArgsWithoutANameExitsTwo() {
        assertThat(Main.execute("--config", config.toString(), "--extra-args", "--port 1")).isEqualTo(2);
        assertOneLineUsageError("expected NAME=ARGS");
    }

    @Test
    void onlyAndDisableOfTheSameNameContradict() {
        assertThat(Main.execute("--config", config.toString(), "--only", "http", "--disable", "http")).isEqualTo(2);
        assertOneLineUsageError("contradict");
    }

    @Test
    void aBadBrokerOnTheCommandLineExitsTwo() {
        assertThat(Main.execute("--config", config.toString(), "--mqtt-broker", "localhost:99999")).isEqualTo(2);
        assertOneLineUsageError("port 99999 is outside 1..65535");
    }

    @Test
    void aNegativeWaitForBrokerExitsTwo() {
        assertThat(Main.execute("--config", config.toString(), "--wait-for-broker", "-5")).isEqualTo(2);
        assertOneLineUsageError("--wait-for-broker -5: must be 0 or more seconds");
    }

    @Test
    void helpListsEveryFlag() {
        assertThat(Main.execute("--help")).isZero();
        assertThat(std.out()).contains("--config", "--mqtt-broker", "--disable", "--only",
                "--extra-args", "--strict", "--wait-for-broker", "--version", "--help", "check", "run");
    }

    @Test
    void versionPrintsTheName() {
        assertThat(Main.execute("--version")).isZero();
        assertThat(std.out()).startsWith("commonplace-orchestrator ");
    }

    @Test
    void mqttCommandsOnAnOpenEmbeddedBrokerAreRefusedUnlessAllowed() throws Exception {
        Files.writeString(config, """
                {"embedded_broker": true, "mqtt_commands": true, "processes": {"store": {"command": "true"}}}
                """);
        assertThat(Main.execute("--config", config.toString())).isEqualTo(2);
        assertOneLineUsageError("mqtt_commands on the embedded broker would let every local user start, stop and restart"
                + " processes: give it a password file and an ACL");
        assertThat(errText()).contains("--allow-open-mqtt-commands");
        // With both files the same config is accepted (check reads it without starting anything).
        Files.writeString(dir.resolve("passwd"), "ops:$7$101$c2FsdA==$aGFzaA==\n");
        Files.writeString(dir.resolve("acl"), "user ops\ntopic read #\n");
        Files.writeString(config, """
                {"embedded_broker": {"password_file": "passwd", "acl_file": "acl"}, "mqtt_commands": true,
                 "processes": {"store": {"command": "true"}}}
                """);
        std.resetErr();
        assertThat(Main.execute("check", "--config", config.toString())).as(errText()).isZero();
    }
}

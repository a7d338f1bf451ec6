package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.fixtures.PrintArgs;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up broker check against a real mosquitto, and the --mqtt-broker argument rule. */
final class BrokerTest {
    @TempDir
    Path dir;

    @Test
    void aConfigNamingALiveBrokerStartsItsProcesses() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            var config = new ConfigBuilder().top("mqtt_broker", "localhost:" + broker.port());
            config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
            try (var run = OrchestratorRun.run(config.writeTo(dir))) {
                run.awaitStdout("MQTT broker at localhost:" + broker.port() + " answers");
                run.awaitStdout("\\[svc] svc is up");
            }
        }
    }

    @Test
    void aClosedBrokerPortStopsTheStartWithExitOneAndAHint() throws IOException {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "mqtt://127.0.0.1:" + port);
        config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(run.stdout()).contains("cannot reach the MQTT broker at 127.0.0.1:" + port)
                    .contains("connection refused").contains("systemctl status mosquitto");
            assertThat(run.stdout()).doesNotContain("started svc");
        }
    }

    @Test
    void waitingForASilentBrokerEndsByTheDeadlineNotAWholeAttemptLater() throws IOException {
        // Accepts TCP (the kernel's backlog does) and never answers a CONNECT.
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + silent.getLocalPort());
            config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
            try (var run = OrchestratorRun.run(config.writeTo(dir), "--wait-for-broker", "1")) {
                assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
                // The reason names the last attempt's own timeout: cut to what was left of the 1 s, not
                // a whole 5 s attempt (no wall clock here: a loaded machine makes any run slower).
                var timeout = java.util.regex.Pattern.compile("no CONNACK within (\\d+) ms").matcher(run.stdout());
                assertThat(timeout.find()).as(run.stdout()).isTrue();
                assertThat(Long.parseLong(timeout.group(1))).as(run.stdout()).isBetween(1L, 1000L);
                assertThat(run.stdout()).doesNotContain("started svc");
            }
        }
    }

    @Test
    void aBrokerHostThatDoesNotResolveSuggestsCheckingTheName() {
        var config = new ConfigBuilder().top("mqtt_broker", "no-such-broker.invalid:1883");
        config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(run.stdout()).contains("cannot reach the MQTT broker at no-such-broker.invalid:1883: host"
                    + " 'no-such-broker.invalid' does not resolve; nothing was started. Check the host name in mqtt_broker"
                    + " or --mqtt-broker (try: getent hosts no-such-broker.invalid)").doesNotContain("systemctl");
        }
    }

    @Test
    void theCommandLineBrokerOverridesTheConfigAndIsCheckedToo() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            int closed = Mosquitto.freePort();
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + closed);
            config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
            try (var run = OrchestratorRun.run(config.writeTo(dir), "--mqtt-broker", "tcp://127.0.0.1:" + broker.port())) {
                run.awaitStdout("MQTT broker at 127.0.0.1:" + broker.port() + " answers");
                run.awaitStdout("\\[svc] svc is up");
            }
        }
    }

    @Test
    void commonplaceProgramsGetTheBrokerArgumentExactlyOnce() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("commonplace-fake");
        Files.writeString(fake, "#!/bin/sh\nexec '" + Java.binary() + "' -cp '" + Java.testClasses() + "' "
                + PrintArgs.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notCommonplace = Files.createDirectories(dir.resolve("commonplace-tools")).resolve("other");
        Files.copy(fake, notCommonplace);
        try (var broker = Mosquitto.start(dir)) {
            String address = "127.0.0.1:" + broker.port();
            var config = new ConfigBuilder().top("mqtt_broker", address);
            config.process("plain", fake.toString(), List.of("--x"));
            config.process("separate", fake.toString(), List.of("--mqtt-broker", "other:1"));
            config.process("joined", fake.toString(), List.of("--mqtt-broker=other:2"));
            config.process("optout", fake.toString(), List.of()).put("mqtt_broker_arg", false);
            config.process("pathonly", notCommonplace.toString(), List.of("--y"));
            config.process("optin", notCommonplace.toString(), List.of()).put("mqtt_broker_arg", true);
            try (var run = OrchestratorRun.run(config.writeTo(dir))) {
                run.awaitStdout("\\[plain] args: --x\\|--mqtt-broker\\|" + address.replace(".", "\\.") + "$");
                run.awaitStdout("\\[separate] args: --mqtt-broker\\|other:1$");
                run.awaitStdout("\\[joined] args: --mqtt-broker=other:2$");
                run.awaitStdout("\\[optout] args: $");
                run.awaitStdout("\\[pathonly] args: --y$");
                run.awaitStdout("\\[optin] args: --mqtt-broker\\|" + address.replace(".", "\\.") + "$");
            }
        }
    }
}

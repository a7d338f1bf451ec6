package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.PrintArgs;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker as a dependency: a supervised mosquitto, a failing one, and --wait-for-broker. */
final class BrokerProcessTest {
    @TempDir
    Path dir;

    private Path commonplaceFake() throws IOException {
        Path fake = Files.createDirectories(dir.resolve("bin")).resolve("commonplace-fake");
        Files.writeString(fake, "#!/bin/sh\nexec '" + Java.binary() + "' -cp '" + Java.testClasses() + "' "
                + PrintArgs.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fake;
    }

    @Test
    void aSupervisedMosquittoIsStartedFirstAndWhatNeedsTheBrokerWaitsForItsConnack() throws IOException {
        int port = Mosquitto.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("broker_process", "broker");
        config.process("broker", Mosquitto.binary(), List.of("-c", conf.toString())).put("stop_timeout_ms", 3000);
        config.process("store", commonplaceFake().toString(), List.of("--database", "x"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[store] args: --database\\|x\\|--mqtt-broker\\|127\\.0\\.0\\.1:" + port + "$", Duration.ofSeconds(30));
            List<String> lines = run.stdoutLines();
            int ready = indexOf(lines, "[orchestrator] broker is ready after");
            int started = indexOf(lines, "[orchestrator] started store ");
            assertThat(ready).isNotNegative().isLessThan(started);
            assertThat(run.stdout()).doesNotContain("cannot reach the MQTT broker");
        }
    }

    @Test
    void aDeclaredBrokerThatNeverAnswersKeepsWhatNeedsItWaitingAndSaysWhy() throws IOException {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("broker_process", "broker");
        config.fixture("broker", Sleeper.class, dir.resolve("log").toString(), "broker")
                .put("ready", Map.of("mqtt", "127.0.0.1:" + port, "interval_ms", 100, "timeout_ms", 1500));
        config.process("store", commonplaceFake().toString(), List.of());
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("store waits for broker \\(mqtt 127\\.0\\.0\\.1:" + port + "\\)", Duration.ofSeconds(30));
            run.awaitStdout("broker was not ready within 1500 ms", Duration.ofSeconds(30));
            assertThat(run.stdout()).doesNotContain("started store");
        }
    }

    @Test
    void waitForBrokerRetriesUntilTheBrokerComesUp() throws Exception {
        int port = Mosquitto.freePort();
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port);
        config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
        try (var run = OrchestratorRun.run(config.writeTo(dir), "--wait-for-broker", "60")) {
            run.awaitStdout("waiting for the MQTT broker at 127\\.0\\.0\\.1:" + port + " \\(connection refused\\)");
            assertThat(run.stdout()).doesNotContain("started svc");
            try (var broker = Mosquitto.startOn(dir, port)) {
                run.awaitStdout("MQTT broker at 127\\.0\\.0\\.1:" + port + " answers", Duration.ofSeconds(30));
                run.awaitStdout("\\[svc] svc is up");
            }
        }
    }

    @Test
    void aPortThatAcceptsTcpButIsNotABrokerFailsTheStartupCheck() throws IOException {
        try (var notABroker = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!notABroker.isClosed()) {
                    try {
                        notABroker.accept();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + notABroker.getLocalPort());
            config.fixture("svc", Sleeper.class, dir.resolve("log").toString(), "svc");
            try (var run = OrchestratorRun.run(config.writeTo(dir))) {
                assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
                assertThat(run.stdout()).contains("cannot reach the MQTT broker at 127.0.0.1:" + notABroker.getLocalPort());
                assertThat(run.stdout()).doesNotContain("started svc");
            }
        }
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.ControlClient.Result;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload does what it says (issue 23, item 5). Before: a changed {@code mqtt_broker} was said to
 * take effect at the next start, while the children the reload restarted got the new
 * {@code --mqtt-broker} at once; and a process added by a reload with a {@code log.file} of its own
 * wrote to {@code log_dir/NAME.log}, or nowhere when the run had started without log files.
 */
final class ReloadTruthTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A process that is handed --mqtt-broker and says which one it got ($0 $1 of sh -c). */
    private static ConfigBuilder brokerConfig(int port, String version) {
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port);
        config.shell("svc", "echo " + version + " \"$0 $1\"; exec sleep 1000").put("mqtt_broker_arg", true);
        return config;
    }

    @Test
    void aChangedMqttBrokerTakesEffectAtTheNextStartForTheChildrenAsSaid() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            Path file = brokerConfig(broker.port(), "v1").writeTo(dir);
            try (var run = OrchestratorRun.run(file)) {
                run.awaitStdout("\\[svc] v1 --mqtt-broker 127.0.0.1:" + broker.port() + "$", WAIT);
                int other = Mosquitto.freePort();
                brokerConfig(other, "v2").writeTo(dir);
                Result reload = ControlClient.run(file, "reload");
                assertThat(reload.code()).as(reload.err()).isZero();
                assertThat(reload.out()).contains("restarted: svc");
                // Restarted by the reload (its script changed), it still gets the broker we run with.
                String v2 = run.awaitStdout("\\[svc] v2 ", WAIT);
                assertThat(v2).endsWith("v2 --mqtt-broker 127.0.0.1:" + broker.port());
                assertThat(reload.err()).contains("warning: mqtt_broker 127.0.0.1:" + other + " takes effect at the next"
                        + " start; until then the orchestrator and the processes handed --mqtt-broker keep 127.0.0.1:"
                        + broker.port());
            }
        }
    }

    @Test
    void aProcessAddedByAReloadWritesToItsOwnLogFileNotToLogDir() throws Exception {
        var before = new ConfigBuilder().top("log_dir", "logs");
        before.shell("keep", "echo keep up; exec sleep 1000");
        Path file = before.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[keep] keep up", WAIT);
            // A log folder that cannot be made refuses the reload, in one line, and changes nothing.
            Files.writeString(dir.resolve("in-the-way"), "a file\n");
            before.shell("c", "echo c wrote this; exec sleep 1000").put("log", Map.of("file", "in-the-way/c.log"));
            before.writeTo(dir);
            Result refused = ControlClient.run(file, "reload");
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains("error: processes.c.log: cannot create the folder " + dir.resolve("in-the-way"))
                    .contains("the log folders cannot be made; nothing was changed");
            assertThat(ControlClient.run(file, "ps", "--json").json().findValuesAsText("name")).containsExactly("keep");

            before.shell("c", "echo c wrote this; exec sleep 1000").put("log", Map.of("file", "own/c.log"));
            before.writeTo(dir);
            Result reload = ControlClient.run(file, "reload");
            assertThat(reload.code()).as(reload.err()).isZero();
            assertThat(reload.out()).contains("started: c");
            assertThat(reload.err()).doesNotContain("log files move");
            run.awaitStdout("\\[c] c wrote this", WAIT);
            await().atMost(WAIT).until(() -> Files.exists(dir.resolve("own/c.log"))
                    && Files.readString(dir.resolve("own/c.log")).contains("c wrote this"));
            assertThat(dir.resolve("logs/c.log")).doesNotExist();
        }
    }

    @Test
    void aProcessAddedByAReloadWritesItsOwnLogFileEvenWhenTheRunStartedWithoutAny() throws Exception {
        var before = new ConfigBuilder();
        before.shell("keep", "echo keep up; exec sleep 1000");
        Path file = before.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[keep] keep up", WAIT);
            before.shell("c", "echo c wrote this; exec sleep 1000").put("log", Map.of("file", "own/c.log"));
            before.writeTo(dir);
            Result reload = ControlClient.run(file, "reload");
            assertThat(reload.code()).as(reload.err()).isZero();
            run.awaitStdout("\\[c] c wrote this", WAIT);
            await().atMost(WAIT).until(() -> Files.exists(dir.resolve("own/c.log"))
                    && Files.readString(dir.resolve("own/c.log")).contains("c wrote this"));
        }
    }
}

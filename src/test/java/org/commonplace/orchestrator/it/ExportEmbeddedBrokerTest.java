package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export cannot take the embedded broker along: both exports say so, and still write their files. */
final class ExportEmbeddedBrokerTest {
    @TempDir
    Path dir;

    @Test
    void bothExportsWarnThatTheEmbeddedBrokerStaysBehind() {
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:1884").top("embedded_broker", true);
        config.process("sleeper", "/bin/sleep", List.of("300"));
        Path file = config.writeTo(dir);
        String warning = "warning: embedded_broker is not exported: the exported processes run without the orchestrator"
                + " that would provide it; run a broker (mosquitto) at 127.0.0.1:1884 or give --mqtt-broker ADDR";
        try (var run = OrchestratorRun.start("export", "systemd", "--config", file.toString(), "--output",
                dir.resolve("units").toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
            assertThat(run.stderr()).contains(warning);
        }
        assertThat(dir.resolve("units/test-sleeper.service")).exists();
        try (var run = OrchestratorRun.start("export", "kubernetes", "--config", file.toString(), "--image",
                "sleeper=example/sleeper:1")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
            assertThat(run.stderr()).contains(warning);
            assertThat(run.stdout()).contains("kind: \"Deployment\"");
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Describing an invalid config ({@code got number 5}, {@code got array [...]}) loads no class of
 * Jackson databind's {@code ObjectMapper}: the tree is parsed already, and its text is written with
 * jackson-core's generator. Before, {@code JsonNode.toString()} made databind's internal mapper,
 * some hundreds of classes, for one line of an error.
 */
final class ConfigErrorClassesTest {
    @TempDir
    Path dir;

    @Test
    void checkOfAnInvalidConfigSaysWhatItGotWithoutLoadingTheObjectMapper() throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {"web": {"command": ["x"], "args": "--port 80", "stop_timeout_ms": -5,
                  "ready": {"exit": [1, {"a": true}]}}}}
                """);
        Path log = dir.resolve("check.classes");
        try (var check = OrchestratorRun.start(List.of(), List.of("-Xlog:class+load:file=" + log), Map.of(),
                "check", "--config", file.toString())) {
            assertThat(check.awaitExit(Duration.ofSeconds(60))).as(check.stderr()).isEqualTo(2);
            assertThat(check.stdout() + check.stderr()).contains("got array [\"x\"]", "got -5",
                    "got [1,{\"a\":true}]");
        }
        try (var lines = Files.lines(log)) {
            assertThat(lines.filter(l -> l.contains("com.fasterxml.jackson.databind.ObjectMapper ")
                    || l.contains("com.fasterxml.jackson.databind.node.InternalNodeMapper ")).toList()).isEmpty();
        }
    }
}

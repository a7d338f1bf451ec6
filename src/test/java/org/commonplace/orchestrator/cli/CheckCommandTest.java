package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code check} prints about readiness: each process's check and the broker process. */
final class CheckCommandTest {
    @TempDir
    Path dir;

    private String printed(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        var bytes = new ByteArrayOutputStream();
        CheckCommand.print(new ConfigLoader(true).load(file).config().orElseThrow(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void processLineEndsWithItsReadyCheckAndTheHeaderNamesTheBrokerProcess() throws IOException {
        String out = printed("""
                {"broker_process": "mosquitto", "processes": {
                  "mosquitto": {"command": "mosquitto"},
                  "web": {"command": "x", "depends_on": ["mosquitto"],
                          "ready": {"tcp": "127.0.0.1:8765", "interval_ms": 100, "timeout_ms": 3000}}}}
                """);
        assertThat(out.lines()).first().asString().endsWith("(default; not declared); broker process mosquitto");
        assertThat(out.lines().filter(l -> l.startsWith("mosquitto: "))).singleElement().asString()
                .endsWith("; ready when mqtt localhost:1883 (every 250 ms, timeout 60000 ms)");
        assertThat(out.lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                .endsWith("; ready when tcp 127.0.0.1:8765 (every 100 ms, timeout 3000 ms)");
    }

    @Test
    void processWithoutReadyAndConfigWithoutBrokerProcessPrintNeither() throws IOException {
        String out = printed("{\"processes\": {\"a\": {\"command\": \"x\"}}}");
        assertThat(out).doesNotContain("ready when", "broker process");
    }
}

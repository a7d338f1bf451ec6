package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code liveness}, {@code restart.max_restarts} and {@code max_memory_mb} that load, with their defaults. */
final class HealthConfigTest {
    @TempDir
    Path dir;

    private ProcessSpec load(String fields) throws IOException {
        LoadResult result = new ConfigLoader(true).load(Files.writeString(dir.resolve("commonplace.json"),
                "{\"processes\": {\"web\": {\"command\": \"x\"" + fields + "}}}"));
        assertThat(result.problems()).as("problems").isEmpty();
        return result.config().orElseThrow().process("web").orElseThrow();
    }

    @Test
    void aProcessWithoutTheKeysHasNoLivenessNoLimitAndUnlimitedRestarts() throws IOException {
        ProcessSpec spec = load("");
        assertThat(spec.liveness()).isEmpty();
        assertThat(spec.maxMemoryMb()).isEqualTo(ProcessSpec.NO_MEMORY_LIMIT);
        assertThat(spec.restart().limited()).isFalse();
    }

    @Test
    void livenessGetsTheDefaultIntervalThresholdAndTimeout() throws IOException {
        assertThat(load(", \"liveness\": {\"http\": \"http://127.0.0.1:8765/\"}").liveness()).contains(
                new LivenessSpec(new ReadyCheck.Http(URI.create("http://127.0.0.1:8765/")), 10_000, 3, 5_000));
    }

    @Test
    void everyLivenessFieldIsReadAndDescribedAsCheckPrintsIt() throws IOException {
        LivenessSpec spec = load(", \"liveness\": {\"exec\": [\"true\"], \"interval_ms\": 500, \"failure_threshold\": 1,"
                + " \"timeout_ms\": 200}").liveness().orElseThrow();
        assertThat(spec).isEqualTo(new LivenessSpec(new ReadyCheck.Exec(List.of("true")), 500, 1, 200));
        assertThat(spec.describe()).isEqualTo("exec true (every 500 ms, restart after 1 failure, timeout 200 ms)");
    }

    @Test
    void silenceMsIsAWatchdogOfItsOwnAloneOrBesideACheck() throws IOException {
        ProcessSpec alone = load(", \"liveness\": {\"silence_ms\": 30000}");
        assertThat(alone.liveness()).isEmpty();
        assertThat(alone.silence()).isEqualTo(new Silence(30_000));
        assertThat(alone.silence().describe()).isEqualTo("restart after 30000 ms without output");
        ProcessSpec both = load(", \"liveness\": {\"tcp\": \"127.0.0.1:1\", \"silence_ms\": 500}");
        assertThat(both.liveness()).isPresent();
        assertThat(both.silence().ms()).isEqualTo(500);
        assertThat(load("").silence().on()).isFalse();
    }

    @Test
    void maxRestartsAndMaxMemoryAreRead() throws IOException {
        ProcessSpec spec = load(", \"restart\": {\"policy\": \"on_failure\", \"max_restarts\": 3}, \"max_memory_mb\": 64");
        assertThat(spec.restart()).isEqualTo(new RestartSpec(RestartPolicy.ON_FAILURE, 500, 10_000, 3));
        assertThat(spec.maxMemoryMb()).isEqualTo(64);
    }

    @Test
    void withinMsIsReadBesideMaxRestarts() throws IOException {
        ProcessSpec spec = load(", \"restart\": {\"max_restarts\": 3, \"within_ms\": 1000}");
        assertThat(spec.restart()).isEqualTo(new RestartSpec(RestartPolicy.ALWAYS, 500, 10_000, 3, 1000));
        assertThat(spec.restart().windowed()).isTrue();
        assertThat(load(", \"restart\": {\"max_restarts\": 3}").restart().windowed()).isFalse();
    }
}

package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code defaults}: what every process gets unless it sets its own. */
final class DefaultsTest {
    @TempDir
    Path dir;

    private LoadResult load(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        return new ConfigLoader(true, CommandLookup.NONE, Map.of()).load(file);
    }

    @Test
    void everyProcessGetsTheDefaultsUnlessItSetsItsOwnAndEnvIsMerged() throws IOException {
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/c.json"), "{\"processes\": {\"c\": {\"command\": \"x\"}}}");
        OrchestratorConfig config = load("""
                {"include": ["more/*.json"],
                 "defaults": {"restart": {"policy": "on_failure", "backoff_ms": 100}, "stop_signal": "INT",
                              "stop_timeout_ms": 900, "env": {"LOG": "info", "REGION": "eu"},
                              "ready": {"tcp": "127.0.0.1:1", "timeout_ms": 500}, "max_memory_mb": 256},
                 "processes": {
                   "a": {"command": "x"},
                   "b": {"command": "x", "restart": {"policy": "never"}, "stop_signal": "TERM", "env": {"LOG": "debug"},
                         "ready": {"log": "up"}}}}
                """).config().orElseThrow();
        ProcessSpec a = config.process("a").orElseThrow();
        ProcessSpec b = config.process("b").orElseThrow();
        ProcessSpec c = config.process("c").orElseThrow();
        assertThat(a.restart().policy()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(a.restart().backoffMs()).isEqualTo(100);
        assertThat(a.stopSignal()).isEqualTo(StopSignal.INT);
        assertThat(a.stopTimeoutMs()).isEqualTo(900);
        assertThat(a.maxMemoryMb()).isEqualTo(256);
        assertThat(a.ready().orElseThrow().describe()).startsWith("tcp 127.0.0.1:1");
        assertThat(a.env()).containsExactlyInAnyOrderEntriesOf(Map.of("LOG", "info", "REGION", "eu"));
        assertThat(b.restart().policy()).isEqualTo(RestartPolicy.NEVER);
        assertThat(b.stopSignal()).isEqualTo(StopSignal.TERM);
        assertThat(b.env()).containsExactlyInAnyOrderEntriesOf(Map.of("LOG", "debug", "REGION", "eu"));
        assertThat(b.ready().orElseThrow().describe()).startsWith("log");
        assertThat(c.stopSignal()).as("an included process gets them too").isEqualTo(StopSignal.INT);
    }

    @Test
    void limitsAndTheFailureHookAreDefaultsTooAndAProcessMaySetItsOwn() throws IOException {
        OrchestratorConfig config = load("""
                {"defaults": {"umask": "027", "nice": 5, "limits": {"nofile": 4096},
                              "on_failure": {"command": ["true"]}},
                 "processes": {"a": {"command": "x"}, "b": {"command": "x", "umask": "077"}}}
                """).config().orElseThrow();
        ProcessSpec a = config.process("a").orElseThrow();
        ProcessSpec b = config.process("b").orElseThrow();
        assertThat(a.privileges().umask()).hasValue(0027);
        assertThat(a.privileges().nice()).hasValue(5);
        assertThat(a.privileges().limits()).containsKey("nofile");
        assertThat(a.onFailure()).isNotEqualTo(OnFailure.none());
        assertThat(b.privileges().umask()).as("its own wins").hasValue(0077);
        assertThat(b.privileges().nice()).hasValue(5);
    }

    @Test
    void aBadDefaultIsOneErrorWhereItIsWrittenHoweverManyProcessesItReaches() throws IOException {
        List<String> problems = load("""
                {"defaults": {"restart": {"policy": "sometimes"}, "stop_singal": "INT"},
                 "processes": {"a": {"command": "x"}, "b": {"command": "x"}, "c": {"command": "x"}}}
                """).problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("commonplace.json:1:37: error: processes.a.restart.policy: unknown restart"
                + " policy \"sometimes\"");
        assertThat(problems.get(1)).isEqualTo("commonplace.json:1:51: error: defaults.stop_singal: unknown field"
                + " 'stop_singal' in defaults; did you mean 'stop_signal'?");
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, item 1: an exit code is never taken for a signal. Real children end four ways (exit 143,
 * killed by SIGTERM, killed by SIGSEGV with a core dump, killed by a real-time signal), and every
 * output says which: the console line, the {@code ps} table, {@code ps --json}, the MQTT state.
 */
final class ExitStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "commonplace/orchestrator/ends";

    @TempDir
    Path dir;

    @Test
    void anExitCodeOf143IsAnExitCodeAndADeathBySignalIsNamedWithItsCoreDumpEverywhere() throws Exception {
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/#")) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "ends");
            Path cores = Files.createDirectories(dir.resolve("cores"));
            never(config.shell("coded", "exit 143"));
            never(config.shell("termed", "kill -TERM $$$$"));
            // The core file lands in the process's cwd (core_pattern "core"); where the machine pipes
            // cores elsewhere the kernel still says the process dumped core.
            never(config.shell("dumped", "ulimit -c unlimited; kill -SEGV $$$$")).put("cwd", cores.toString());
            never(config.shell("realtime", "kill -35 $$$$"));
            // Keeps the orchestrator up (it ends once nothing is left to run) for ps to ask it.
            config.shell("steady", "exec sleep 300");
            Path file = config.writeTo(dir);
            try (var run = OrchestratorRun.run(file)) {
                run.awaitStdout("coded exited with code 143 after", WAIT);
                run.awaitStdout("termed was killed by SIGTERM after", WAIT);
                run.awaitStdout("dumped was killed by SIGSEGV \\(core dumped\\) after", WAIT);
                run.awaitStdout("realtime was killed by SIGRTMIN\\+1 after", WAIT);
                assertThat(run.stdout()).doesNotContain("coded was killed").doesNotContain("signal 35").doesNotContain("(status ");

                // The console lines are out: the exits were recorded before them, so one ps --json tells all.
                JsonNode ps = ControlClient.run(file, "ps", "--json").json();
                JsonNode coded = exit(ps, "coded");
                assertThat(coded.path("code").asInt()).isEqualTo(143);
                assertThat(coded.has("signal")).as("ps --json of exit 143: %s", coded).isFalse();
                JsonNode termed = exit(ps, "termed");
                assertThat(termed.path("signal").asText()).isEqualTo("SIGTERM");
                assertThat(termed.has("code")).isFalse();
                assertThat(termed.has("core_dumped")).isFalse();
                JsonNode dumped = exit(ps, "dumped");
                assertThat(dumped.path("signal").asText()).isEqualTo("SIGSEGV");
                assertThat(dumped.path("core_dumped").asBoolean()).as("ps --json of a core dump: %s", dumped).isTrue();
                assertThat(exit(ps, "realtime").path("signal").asText()).isEqualTo("SIGRTMIN+1");

                String table = ControlClient.run(file, "ps").out();
                assertThat(row(table, "coded")).contains("code 143").doesNotContain("SIG");
                assertThat(row(table, "termed")).contains("SIGTERM").doesNotContain("code");
                assertThat(row(table, "dumped")).contains("SIGSEGV (core dumped)");
                assertThat(row(table, "realtime")).contains("SIGRTMIN+1");

                assertThat(mqttExit(spy, "coded").path("code").asInt()).isEqualTo(143);
                assertThat(mqttExit(spy, "coded").has("signal")).isFalse();
                assertThat(mqttExit(spy, "termed").path("signal").asText()).isEqualTo("SIGTERM");
                assertThat(mqttExit(spy, "dumped").path("core_dumped").asBoolean()).isTrue();
                assertThat(mqttExit(spy, "realtime").path("signal").asText()).isEqualTo("SIGRTMIN+1");
            }
        }
    }

    private static Map<String, Object> never(Map<String, Object> process) {
        process.put("restart", Map.of("policy", "never"));
        return process;
    }

    private static JsonNode exit(JsonNode ps, String name) {
        for (JsonNode p : ps) {
            if (p.path("name").asText().equals(name)) {
                return p.path("last_exit");
            }
        }
        throw new AssertionError("no " + name + " in " + ps);
    }

    private static String row(String table, String name) {
        return table.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(table));
    }

    private static JsonNode mqttExit(MqttSpy spy, String name) {
        String state = spy.await(PREFIX + "/processes/" + name + "/state", s -> parse(s).path("last_exit").isObject(), WAIT);
        return parse(state).path("last_exit");
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

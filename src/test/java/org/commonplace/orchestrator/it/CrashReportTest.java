package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Crasher;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.runtime.RuntimeDir;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28, item 4: a process that crashes keeps its exit and its last 50 lines ({@code ps NAME},
 * {@code logs --last-crash NAME}, the retained MQTT crash message), and its {@code on_failure} hook
 * runs with the facts, off the supervisor's thread and bounded.
 */
final class CrashReportTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Map<String, Object> onFailure(long timeoutMs, String... command) {
        var hook = new LinkedHashMap<String, Object>();
        hook.put("command", List.of(command));
        hook.put("timeout_ms", timeoutMs);
        return hook;
    }

    @Test
    void aProcessGivenUpKeepsItsLast50LinesForPsAndLogsAndItsHookGetsTheFactsAndAPrivateLinesFile() throws Exception {
        var config = new ConfigBuilder();
        config.fixture("steady", Sleeper.class, dir.resolve("steady.out").toString(), "steady")
                .put("on_failure", onFailure(10_000, "/bin/sh", "-c", "echo steady >> steady-hook.out"));
        Map<String, Object> restart = ConfigBuilder.restart("always", 100, 100);
        restart.put("max_restarts", 2);
        // The hook: what it was told, the lines file's mode, and a copy of the lines (the file is removed after).
        String script = "echo \"$NAME $EXIT_CODE $RESTARTS $GAVE_UP [$SIGNAL]\" >> hook.out;"
                + " stat -c %a \"$LINES_FILE\" >> hook.out; echo \"$LINES_FILE\" >> files.out; cp \"$LINES_FILE\" lines-$RESTARTS.txt";
        var crashy = config.fixture("crashy", Crasher.class, "80", "1", "3");
        crashy.put("restart", restart);
        crashy.put("on_failure", onFailure(10_000, "/bin/sh", "-c", script));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[steady] steady is up", WAIT);
            Path hookOut = dir.resolve("hook.out");
            await().atMost(WAIT).until(() -> Files.exists(hookOut) && Files.readString(hookOut).contains("crashy 3 2 true []"));
            List<String> told = Files.readAllLines(hookOut);
            assertThat(told).contains("crashy 3 0 false []", "crashy 3 1 false []", "crashy 3 2 true []", "600");
            assertThat(told).filteredOn(l -> l.matches("[0-9]+")).containsOnly("600");
            List<String> lines = Files.readAllLines(dir.resolve("lines-2.txt"));
            assertThat(lines).hasSize(50);
            assertThat(lines.getFirst()).isEqualTo("crash line 31");
            assertThat(lines.getLast()).isEqualTo("crash line 80");
            // Each lines file is removed once its hook has ended.
            List<String> linesFiles = Files.readAllLines(dir.resolve("files.out"));
            assertThat(linesFiles).hasSize(3).allSatisfy(f -> assertThat(Path.of(f).getParent()).isEqualTo(RuntimeDir.open()));
            await().atMost(WAIT).until(() -> linesFiles.stream().noneMatch(f -> Files.exists(Path.of(f))));

            var ps = ControlClient.run(file, "ps", "crashy");
            assertThat(ps.code()).as(ps.err()).isZero();
            assertThat(ps.out()).contains("crashy", "last crash of crashy", "exited with code 3", "after 2 restarts; given up",
                    "its last 50 lines:", "[crashy] crash line 31\n", "[crashy] crash line 80\n");
            assertThat(ps.out()).doesNotContain("crash line 30\n");
            var logs = ControlClient.run(file, "logs", "--last-crash", "crashy");
            assertThat(logs.code()).as(logs.err()).isZero();
            assertThat(logs.out()).contains("exited with code 3", "[crashy] crash line 80").doesNotContain("crash line 30\n");

            // Restarted by hand (stopped, then started): no crash, no hook.
            assertThat(ControlClient.run(file, "restart", "steady").code()).isZero();
            run.awaitStdoutCount("\\[steady] steady is up", 2, WAIT);
            var steady = ControlClient.run(file, "ps", "steady");
            assertThat(steady.out()).contains("steady has not crashed");
            assertThat(dir.resolve("steady-hook.out")).doesNotExist();
            var unknown = ControlClient.run(file, "ps", "nosuch");
            assertThat(unknown.code()).isEqualTo(2);
        }
    }

    @Test
    void aHungHookIsKilledAtItsTimeoutAndHooksBeyondTheBoundAreNotRunWhileSupervisionGoesOn() throws Exception {
        var config = new ConfigBuilder();
        var crashy = config.shell("crashy", "echo boom; exit 3");
        crashy.put("restart", ConfigBuilder.restart("always", 20, 20));
        crashy.put("on_failure", onFailure(1_000, "sleep", "60"));
        var slow = config.shell("slow", "echo slow; exit 4");
        slow.put("restart", ConfigBuilder.restart("never", 20, 20));
        slow.put("on_failure", onFailure(300, "sleep", "60"));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("the on_failure hook of slow failed: no exit within 300 ms \\(killed\\)", WAIT);
            run.awaitStdout("the on_failure hook of crashy is not run: 4 hooks run and 16 wait already", WAIT);
            // The loop was never held: the crash loop goes on while hooks hang.
            await().atMost(WAIT).until(() -> ControlClient.process(file, "crashy").path("restarts").asInt() > 40);
            assertThat(run.stdout()).doesNotContain("Exception");
        }
    }

    @Test
    void aCrashIsPublishedRetainedWithExitTimeAndItsLastLinesBoundedInBytes() throws Exception {
        String prefix = "commonplace/orchestrator/alpha";
        try (var broker = Mosquitto.start(dir)) {
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "alpha");
            config.fixture("crashy", Crasher.class, "60", "4000", "5").put("restart", ConfigBuilder.restart("never", 100, 100));
            try (var spy = MqttSpy.subscribe(broker.port(), prefix + "/#"); var run = OrchestratorRun.run(config.writeTo(dir))) {
                String payload = spy.await(prefix + "/processes/crashy/crash", s -> true, WAIT);
                assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(20 * 1024);
                JsonNode crash = JSON.readTree(payload);
                assertThat(crash.path("name").asText()).isEqualTo("crashy");
                assertThat(crash.path("exit").path("code").asInt()).isEqualTo(5);
                assertThat(crash.path("at").asText()).isNotEmpty();
                assertThat(crash.path("gave_up").asBoolean()).isTrue();
                JsonNode lines = crash.path("lines");
                assertThat(lines.get(lines.size() - 1).asText()).startsWith("crash line 60 ");
                assertThat(crash.path("lines_omitted").asInt()).isPositive();
                assertThat(crash.path("lines_omitted").asInt() + lines.size()).isEqualTo(50);
                try (var late = MqttSpy.subscribe(broker.port(), prefix + "/#")) {
                    late.await(prefix + "/processes/crashy/crash", s -> s.contains("crash line 60"), WAIT);
                }
            }
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.RawMqtt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 8: 20,000 alternating online/offline messages for a remote dependency's instance
 * printed 20,000 lines in the console and in orchestrator.log. A flapping dependency is summed up
 * every 5 s, as a restart storm is, and no change is lost from the count.
 */
final class RemoteFlapsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FLAPS = 20_000;
    private static final String STATUS = "commonplace/orchestrator/alpha/status";

    @TempDir
    Path dir;

    @Test
    void twentyThousandFlapsOfARemoteDependencyAreSummedUpNotToldOneByOne() throws Exception {
        try (var broker = Mosquitto.start(dir); var alpha = MqttSpy.subscribe(broker.port(), "x/#")) {
            alpha.retain("commonplace/orchestrator/alpha/processes/store/state", "{\"name\":\"store\",\"state\":\"running\"}");
            alpha.retain(STATUS, "online");
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "beta")
                    .top("log_dir", "logs");
            config.fixture("web", Sleeper.class, dir.resolve("web.log").toString(), "web").put("depends_on", List.of("alpha/store"));
            Path file = config.writeTo(dir);
            try (var run = OrchestratorRun.run(file)) {
                run.awaitStdout("started web \\(pid", WAIT);
                try (var flapper = RawMqtt.connect(broker.port(), null, null)) {
                    for (int i = 0; i < FLAPS; i++) {
                        flapper.publish(STATUS, i % 2 == 0 ? "offline" : "online", true);
                    }
                    flapper.flush();
                }
                // Every change is counted: the first lines told one by one (after the "is ready" of the start), the line
                // that says it flaps, and the sums add up to all of them.
                run.awaitStdout("remote dependency alpha/store flaps", WAIT);
                Pattern sum = Pattern.compile("remote dependency alpha/store changed (\\d+) times? in the last");
                try {
                    org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                        long told = run.stdoutLines().stream().filter(l -> l.contains("remote dependency alpha/store is")).count();
                        long summed = run.stdoutLines().stream().map(sum::matcher).filter(Matcher::find)
                                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
                        return told - 1 + 1 + summed == FLAPS;
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("not every change was counted; said:\n" + String.join("\n", run.stdoutLines().stream()
                            .filter(l -> l.contains("remote dependency alpha/store")).toList()), e);
                }
                List<String> console = run.stdoutLines().stream().filter(l -> l.contains("remote dependency alpha/store")).toList();
                assertThat(console).hasSizeLessThan(20);
                List<String> logged = Files.readAllLines(dir.resolve("logs/orchestrator.log")).stream()
                        .filter(l -> l.contains("remote dependency alpha/store")).toList();
                assertThat(logged).hasSizeLessThan(20);
                // web kept running all along.
                assertThat(run.stdout()).containsOnlyOnce("started web (pid");
            }
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 8: two orchestrators on one broker never share an instance name silently. Each
 * test runs real orchestrators against a real mosquitto.
 */
final class InstanceClaimTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "commonplace/orchestrator";

    @TempDir
    Path dir;

    private Path config(String folder, int port, String instance) throws Exception {
        Path home = Files.createDirectories(dir.resolve(folder));
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port);
        if (instance != null) {
            config.top("instance", instance);
        }
        config.fixture("steady", Sleeper.class, home.resolve("steady.log").toString(), "steady");
        return config.writeTo(home, "commonplace.json");
    }

    private static Set<String> onlineInstances(MqttSpy spy) {
        return spy.messages().stream().filter(m -> m.topic().endsWith("/status"))
                .map(m -> m.topic().substring(PREFIX.length() + 1, m.topic().length() - "/status".length()))
                .filter(instance -> spy.latest(PREFIX + "/" + instance + "/status").orElse("").equals("online"))
                .collect(Collectors.toSet());
    }

    /** Before: both were "HOST-commonplace", one instance on the broker for two orchestrators. */
    @Test
    void twoFoldersEachWithCommonplaceJsonGetTwoDefaultInstances() throws Exception {
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/+/status")) {
            try (var shop = OrchestratorRun.run(config("shop", broker.port(), null));
                 var blog = OrchestratorRun.run(config("blog", broker.port(), null))) {
                await().atMost(WAIT).until(() -> onlineInstances(spy).size() == 2);
                assertThat(onlineInstances(spy)).allMatch(i -> i.matches(".+-(shop|blog)-[0-9a-f]{6}"));
                shop.signal(15);
                blog.signal(15);
                assertThat(shop.awaitExit(WAIT)).isZero();
                assertThat(blog.awaitExit(WAIT)).isZero();
            }
        }
    }

    /**
     * Before: the second connected "as instance alpha", published its states over the first's, and
     * its stop published {@code stopped} and {@code offline} while the first ran on.
     */
    @Test
    void aSecondOrchestratorWithTheSameNameRefusesInOneLineAndLeavesTheFirstAlone() throws Exception {
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/alpha/#")) {
            Path firstConfig = config("first", broker.port(), "alpha");
            try (var first = OrchestratorRun.run(firstConfig)) {
                spy.await(PREFIX + "/alpha/processes/steady/state", s -> s.contains("\"running\""), WAIT);
                spy.await(PREFIX + "/alpha/status", "online"::equals, WAIT);
                int before = retainedTraffic(spy).size();

                try (var second = OrchestratorRun.run(config("second", broker.port(), "alpha"))) {
                    assertThat(second.awaitExit(WAIT)).isNotZero();
                    // The orchestrator's own lines go to its console (stdout): one says why, and names the holder.
                    List<String> refusal = second.stdout().lines().filter(l -> l.contains("alpha")).toList();
                    assertThat(refusal).as("stdout: %s\nstderr: %s", second.stdout(), second.stderr()).singleElement().asString()
                            .startsWith("[orchestrator] instance alpha is held by another orchestrator")
                            .contains("on the broker at 127.0.0.1:" + broker.port())
                            .contains("pid " + first.pid())
                            .contains("config " + firstConfig.toAbsolutePath().normalize())
                            .contains("nothing was started");
                    assertThat(second.stdout()).doesNotContain("[steady]");
                }
                // Nothing of the second reached the instance's retained topics: no state, no online, no offline.
                assertThat(retainedTraffic(spy)).hasSize(before);
                assertThat(spy.latest(PREFIX + "/alpha/status")).contains("online");
                // The retained claim (what a new subscriber gets) is still the first's; the second's went unretained.
                try (var late = MqttSpy.subscribe(broker.port(), PREFIX + "/alpha/claim")) {
                    String claim = late.await(PREFIX + "/alpha/claim", c -> true, WAIT);
                    assertThat(JSON.readTree(claim).path("pid").asLong()).isEqualTo(first.pid());
                }
                first.signal(15);
                assertThat(first.awaitExit(WAIT)).isZero();
            }
        }
    }

    /** A restart after a clean stop, after a kill (the will said offline), or over a stale claim of a gone process. */
    @Test
    void theSameOrchestratorStartedAgainIsNotRefused() throws Exception {
        try (var broker = Mosquitto.start(dir); var spy = MqttSpy.subscribe(broker.port(), PREFIX + "/alpha/#")) {
            Path file = config("same", broker.port(), "alpha");
            try (var run = OrchestratorRun.run(file)) {
                spy.await(PREFIX + "/alpha/status", "online"::equals, WAIT);
                run.signal(9);
                spy.await(PREFIX + "/alpha/status", "offline"::equals, WAIT);
            }
            try (var again = OrchestratorRun.run(file)) {
                again.awaitStdout("MQTT: connected to .* as instance alpha", WAIT);
                again.signal(15);
                assertThat(again.awaitExit(WAIT)).isZero();
            }
            // A broker that lost the will: "online" stays, naming a process of this host that is gone.
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            spy.retain(PREFIX + "/alpha/status", "online");
            spy.retain(PREFIX + "/alpha/claim", JSON.createObjectNode().put("session", "old").put("host",
                    Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).put("pid", gone.pid())
                    .put("config", file.toString()).put("since", "2026-01-01T00:00:00Z").toString());
            try (var third = OrchestratorRun.run(file)) {
                third.awaitStdout("MQTT: connected to .* as instance alpha", WAIT);
                third.signal(15);
                assertThat(third.awaitExit(WAIT)).isZero();
            }
        }
    }

    /** An ACL that lets the orchestrator write its topics but not read them: the check cannot be made; that is one line, not a loop. */
    @Test
    void aBrokerThatHidesOurOwnTopicsFromUsIsOneLineAndPublishingGoesOn() throws Exception {
        int port = Mosquitto.freePort();
        Path acl = Files.writeString(dir.resolve("acl.conf"), "topic write " + PREFIX + "/#\n");
        try (var broker = Mosquitto.startWith(dir, port, "allow_anonymous true\nacl_file " + acl + "\n");
             var run = OrchestratorRun.run(config("hidden", port, "alpha"))) {
            run.awaitStdout("MQTT: cannot tell whether another orchestrator holds instance alpha: .*; going on", WAIT);
            run.awaitStdout("MQTT: connected to .* as instance alpha", WAIT);
            run.signal(15);
            assertThat(run.awaitExit(WAIT)).isZero();
            assertThat(run.stdout()).doesNotContain("lost the broker");
        }
    }

    /** The messages on the instance's status and state topics (the claim check's own, unretained claim left out). */
    private static List<MqttSpy.Message> retainedTraffic(MqttSpy spy) {
        return spy.messages().stream().filter(m -> !m.topic().endsWith("/claim")).toList();
    }
}

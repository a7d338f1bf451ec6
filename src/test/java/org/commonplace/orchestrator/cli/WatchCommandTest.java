package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commonplace.orchestrator.testing.StatePayloads.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.StandardStreams;
import org.commonplace.orchestrator.testing.StatePublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code watch --once} through the command line against a real mosquitto: what it prints of the
 * retained state of fake instances, what it makes of hostile publishers, and its errors.
 */
final class WatchCommandTest {
    @RegisterExtension
    final StandardStreams std = new StandardStreams();
    private static final String PREFIX = "commonplace/orchestrator";
    @TempDir
    static Path brokerDir;
    private static Mosquitto broker;

    @TempDir
    Path dir;
    /** Each test publishes under a prefix of its own on the shared broker, so retained messages never mix. */
    private String prefix;
    private static int tests;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @BeforeEach
    void ownPrefix() {
        prefix = "t" + (++tests) + "/" + PREFIX;
    }

    private String address() {
        return "127.0.0.1:" + broker.port();
    }

    private int watchOnce(String... extra) {
        var args = new java.util.ArrayList<>(java.util.List.of("watch", "--once"));
        args.addAll(java.util.List.of(extra));
        return Main.execute(args.toArray(String[]::new));
    }

    /** {@return the MQTT client threads alive now (ours and the probes' are named CLIENTID-paho-N)} */
    private static java.util.Set<Thread> pahoThreads() {
        return java.util.Set.copyOf(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("-paho-") || t.getName().contains("-reconnect")).toList());
    }

    /** Waits until every MQTT thread started since {@code before} has ended: a watch leaves nothing running. */
    private static void awaitNoNewPahoThreads(java.util.Set<Thread> before) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .alias("the watch's MQTT threads have ended")
                .until(() -> pahoThreads().stream().allMatch(before::contains));
    }

    private String stdout() {
        return std.out();
    }

    private String stderr() {
        return std.err();
    }

    @Test
    void onceShowsAnOnlineAndAnOfflineInstanceWithTheirProcessesSortedAndExitsZero() throws Exception {
        Instant exited = Instant.now().minusSeconds(5);
        try (var publisher = new StatePublisher(broker.port(), prefix)) {
            publisher.retain("box-b/status", "offline");
            publisher.retain("box-b/processes/clock/state", state("clock", ProcessState.RUNNING, 77, 0));
            publisher.retain("box-a/status", "online");
            publisher.retain("box-a/processes/web/state", state("web", ProcessState.BACKING_OFF, 0, 2,
                    Optional.of(new ExitStatus(1)), Optional.of(exited)));
            publisher.retain("box-a/processes/db/state", state("db", ProcessState.RUNNING, 1234, 0));
            publisher.retain("box-a/processes/web/cmd", "restart"); // a command, not state: not shown
        }

        var before = pahoThreads();
        assertThat(watchOnce("--mqtt-broker", address(), "--prefix", prefix)).as(stderr()).isZero();
        awaitNoNewPahoThreads(before);

        var lines = stdout().lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).isEqualTo("box-a  online");
        assertThat(lines.get(1)).isEqualTo("  NAME  STATE        PID   RESTARTS  READY  HEALTH  LAST EXIT");
        assertThat(lines.get(2)).isEqualTo("  db    running      1234  0         yes    -       -");
        assertThat(lines.get(3)).matches("  web   backing_off  -     2         no     -       code 1, [5-9]s ago");
        assertThat(lines.get(4)).isEmpty();
        assertThat(lines.get(5)).isEqualTo("box-b  offline (last known states)");
        assertThat(lines.get(7)).isEqualTo("  clock  running  77   0         yes    -       -");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aBrokerWhereNobodyPublishesSaysSoAndExitsZero() {
        assertThat(watchOnce("--mqtt-broker", address(), "--prefix", prefix)).isZero();
        assertThat(stdout()).isEqualTo("no orchestrator publishes on " + address() + " under " + prefix + "\n");
    }

    @Test
    void aBrokerThatDoesNotAnswerIsOneLineNamingItAndExitOne() throws Exception {
        int port = Mosquitto.freePort();
        assertThat(watchOnce("--mqtt-broker", "127.0.0.1:" + port, "--prefix", prefix)).isEqualTo(1);
        assertThat(stderr().lines()).singleElement().asString()
                .startsWith("commonplace-orchestrator watch: cannot watch the MQTT broker at 127.0.0.1:" + port + ": ")
                .containsIgnoringCase("refused");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aPortThatAcceptsButNeverAnswersAsABrokerIsExitOneAfterTheConnectTimeout() throws Exception {
        // The kernel completes the TCP handshake for the backlog; nobody ever reads the CONNECT.
        var before = pahoThreads();
        try (var silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + silent.getLocalPort();
            assertThat(watchOnce("--mqtt-broker", address, "--prefix", prefix)).isEqualTo(1);
            assertThat(stderr().lines()).singleElement().asString()
                    .isEqualTo("commonplace-orchestrator watch: cannot watch the MQTT broker at " + address
                            + ": no answer within 5000 ms");
        }
        awaitNoNewPahoThreads(before);
    }

    @Test
    void hostilePublishersCannotBreakOrForgeThePicture() throws Exception {
        try (var publisher = new StatePublisher(broker.port(), prefix)) {
            publisher.retain("real/status", "online");
            publisher.retain("real/processes/db/state", state("db", ProcessState.RUNNING, 10, 0));
            // Huge, not JSON, wrong types, a name that differs from its topic's: dropped and counted.
            publisher.retain("real/processes/huge/state", "{\"name\":\"huge\",\"x\":\"" + "a".repeat(1 << 20) + "\"}");
            publisher.retain("real/processes/garbage/state", "\u0000\u00ff not json");
            publisher.retain("real/processes/liar/state", state("db", ProcessState.STOPPED, 0, 9));
            publisher.retain("real/processes/pid/state",
                    "{\"name\":\"pid\",\"state\":\"running\",\"pid\":\"\\u001b[31m1\",\"restarts\":0}");
            // Escape sequences in a payload's text: shown escaped. (mosquitto refuses control characters
            // in topics, so names with them are FleetTest's and FleetTableTest's; other brokers may allow them.)
            publisher.retain("ev\u00e9l/status", "online");
            publisher.retain("ev\u00e9l/processes/web/state", "{\"name\":\"web\",\"state\":\"running\",\"pid\":5,"
                    + "\"restarts\":0,\"ready\":true,\"health\":\"ok\\u001b]0;owned\\u0007\\nreal  online\"}");
        }

        assertThat(watchOnce("--mqtt-broker", address(), "--prefix", prefix)).as(stderr()).isZero();

        String printed = stdout();
        assertThat(printed).doesNotContain("\u001b", "\u0007", "\u0000");
        var lines = printed.lines().toList();
        assertThat(lines).containsSubsequence(
                "ev\u00e9l  online",
                "  web   running  5    0         yes    ok\\e]0;owned\\x07\\nreal  online  -",
                "real  online",
                "  db    running  10   0         yes    -       -",
                "(4 messages ignored: not an orchestrator's state, too large, or over the limit of instances or processes)");
        assertThat(lines.stream().filter(l -> l.startsWith("real"))).containsExactly("real  online");
        assertThat(printed).doesNotContain("liar", "huge", "garbage");
    }

    @Test
    void theBrokerAndPrefixComeFromTheConfigWhenNoFlagGivesThem() throws Exception {
        Path config = Files.writeString(dir.resolve("site.json"), "{\"mqtt_broker\": \"mqtt://" + address()
                + "\", \"state_topic_prefix\": \"" + prefix + "\", \"processes\": {}}");
        try (var publisher = new StatePublisher(broker.port(), prefix)) {
            publisher.retain("site-1/status", "online");
        }
        assertThat(watchOnce("--config", config.toString())).as(stderr()).isZero();
        assertThat(stdout()).isEqualTo("site-1  online\n  (no processes)\n");
    }

    /**
     * Issue 23 item 3: {@code check} and {@code watch} follow one rule. Before, {@code "fleet/"} passed
     * {@code check} and {@code watch} refused it (exit 2); {@code "$x/y"}, {@code "a//b"} and 201
     * characters were refused by {@code check} and watched; C1 controls and lone surrogates passed both.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fleet/", "$x/y", "a//b", "a/", "/a", "a\u0085b", "a\ud800b", "LONG"})
    void checkAndWatchAcceptAndRefuseTheSamePrefixes(String candidate) throws Exception {
        String value = candidate.equals("LONG") ? "x".repeat(201) : candidate;
        boolean usable = value.equals("fleet/") || value.equals("a/");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("mqtt_broker", address()).put("state_topic_prefix", value);
        json.putObject("processes").putObject("a").put("command", "true");
        // Everything beyond ASCII as a JSON escape: a lone surrogate cannot be written as UTF-8.
        var text = new StringBuilder();
        json.toString().chars().forEach(c -> text.append(c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        Path config = Files.writeString(dir.resolve("commonplace.json"), text);

        int check = Main.execute("check", "--config", config.toString());
        int watch = watchOnce("--config", config.toString());

        assertThat(check).as("check of %s: %s", value, stderr()).isEqualTo(usable ? 0 : 2);
        assertThat(watch).as("watch of %s: %s", value, stderr()).isEqualTo(usable ? 0 : 2);
        if (usable) {
            assertThat(stdout()).endsWith("no orchestrator publishes on " + address() + " under "
                    + value.substring(0, value.length() - 1) + "\n");
        }
    }

    @Test
    void aBadValueIsOneLineNamingWhereItCameFromAndExitTwo() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.json"), "{\"mqtt_broker\": \"host:99999\"}");
        assertThat(watchOnce("--config", config.toString())).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().asString()
                .contains(config + ": mqtt_broker \"host:99999\" is not a broker address: port 99999 is outside 1..65535");

        std.resetErr();
        Files.writeString(config, "{\"state_topic_prefix\": \"site/#\"}");
        assertThat(watchOnce("--config", config.toString(), "--mqtt-broker", address())).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().asString()
                .contains(config + ": state_topic_prefix \"site/#\" is not a topic prefix: it holds a wildcard");

        std.resetErr();
        assertThat(watchOnce("--mqtt-broker", address(), "--prefix", "a/+/b")).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().asString().contains("--prefix 'a/+/b' is not a topic prefix");

        std.resetErr();
        assertThat(watchOnce("--mqtt-broker", "tcp://[::1", "--prefix", prefix)).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().asString().contains("--mqtt-broker 'tcp://[::1' is not a broker address");

        std.resetErr();
        Files.writeString(config, "{\"mqtt_broker\": ");
        assertThat(watchOnce("--config", config.toString())).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().asString().contains(config + ": not valid JSON");

        std.resetErr();
        assertThat(watchOnce("--config", dir.resolve("none.json").toString())).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().asString().contains("there is no config " + dir.resolve("none.json"));

        std.resetErr();
        assertThat(watchOnce("--mqtt-broker", address(), "--keep-alive", "0")).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().asString().contains("--keep-alive 0 is not 1 to 65535 seconds");
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.HostileControlServer;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22.6: the clients do not trust what answers on the socket they were pointed at. Root running
 * {@code ps --socket} on a user's socket talks to whatever that user left listening there; here a
 * {@link HostileControlServer} speaks the protocol with escape sequences (ESC, BEL, the C1 CSI
 * U+009B, CR), impossible numbers and times, over-long lines and endless answers, and the real
 * client runs against it.
 */
final class ClientTrustTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A name that retitles the window, rings, and clears the screen through the 8-bit CSI. */
    private static final String NAME = "web\u001b]0;pwned\u0007\u009b2J";
    /** Runs the command on a pseudo-terminal (util-linux script): its stdout is then a terminal. */
    private static final List<String> ON_A_TERMINAL = List.of("/bin/bash", "-c", "exec script -qfec \"${*@Q}\" /dev/null", "bash");

    @TempDir
    Path dir;

    private static String hostileProcesses() {
        return "[{\"name\":" + quote(NAME) + ",\"state\":" + quote("running\u009b31m") + ",\"pid\":" + quote("12\u001b[2J")
                + ",\"started_at\":\"-1000000000-01-01T00:00:00Z\",\"restarts\":" + quote("\r[orchestrator] forged")
                + ",\"last_exit\":{\"code\":\"x\",\"at\":\"+1000000000-01-01T00:00:00Z\"},\"next_restart_at\":\"junk\","
                + "\"ready\":true,\"rss_bytes\":-5,\"cpu_percent\":\"x\",\"health\":" + quote("ok\u0007\u007f")
                + ",\"stopped_by_hand\":false,\"depends_on\":[]}]";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return whether {@code text} holds a control character other than the newline: C0, DEL or C1} */
    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c != '\n' && (c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f));
    }

    private static OrchestratorRun client(Path socket, String verb, String... args) {
        var all = new java.util.ArrayList<>(List.of(verb, "--socket", socket.toString()));
        all.addAll(List.of(args));
        return OrchestratorRun.start(all.toArray(String[]::new));
    }

    @Test
    void psPrintsEveryTextEscapedAndWhatIsNoNumberOrTimeAsAQuestionMark() throws Exception {
        try (var server = HostileControlServer.listen(dir.resolve("s.sock"),
                (request, out) -> out.line("{\"v\":1,\"ok\":true,\"processes\":" + hostileProcesses() + "}"));
             var ps = client(server.path(), "ps")) {
            assertThat(ps.awaitExit(WAIT)).as(ps.stderr()).isZero();
            String out = ps.stdout();
            assertThat(hasControl(out)).as(out).isFalse();
            assertThat(out).contains("web\\e]0;pwned\\x07\\u009b2J", "running\\u009b31m", "12\\e[2J", "\\r[orchestrator] forged",
                    "code ?, ? ago", "ok\\x07\\x7f");
            assertThat(ps.stderr()).doesNotContain("internal error");
        }
    }

    @Test
    void psJsonEscapesDelAndC1ControlsTooAndStaysTheSameJson() throws Exception {
        try (var server = HostileControlServer.listen(dir.resolve("s.sock"),
                (request, out) -> out.line("{\"v\":1,\"ok\":true,\"processes\":" + hostileProcesses() + "}"));
             var ps = client(server.path(), "ps", "--json")) {
            assertThat(ps.awaitExit(WAIT)).as(ps.stderr()).isZero();
            assertThat(hasControl(ps.stdout())).as(ps.stdout()).isFalse();
            assertThat(JSON.readTree(ps.stdout()).get(0).path("name").asText()).isEqualTo(NAME);
        }
    }

    @Test
    void restartPrintsLinesWarningsAndErrorsEscaped() throws Exception {
        try (var server = HostileControlServer.listen(dir.resolve("s.sock"), (request, out) -> {
            if (request.path("names").get(0).asText().equals("web")) {
                out.line("{\"v\":1,\"ok\":true,\"lines\":[" + quote("restarted web\u001b[2J") + "],\"warnings\":["
                        + quote("x\u009b31m\r") + "]}");
            } else {
                out.line("{\"v\":1,\"ok\":false,\"error\":\"unknown_process\",\"message\":" + quote("no \u001b[31mdb\u0007") + "}");
            }
        })) {
            try (var restart = client(server.path(), "restart", "web")) {
                assertThat(restart.awaitExit(WAIT)).isZero();
                assertThat(restart.stdout()).isEqualTo("restarted web\\e[2J\n");
                assertThat(restart.stderr()).isEqualTo("warning: x\\u009b31m\\r\n");
            }
            try (var restart = client(server.path(), "restart", "db")) {
                assertThat(restart.awaitExit(WAIT)).isEqualTo(2);
                assertThat(restart.stderr()).isEqualTo("no \\e[31mdb\\x07\n");
            }
        }
    }

    private HostileControlServer forgingLogs() {
        return HostileControlServer.listen(dir.resolve("s.sock"), (request, out) -> {
            out.line("{\"v\":1,\"ok\":true}");
            out.line("{\"v\":1,\"name\":" + quote("w\u001beb") + ",\"stream\":\"stdout\",\"line\":" + quote("a\u0007b\u009bc") + "}");
            out.line("{\"v\":1,\"name\":\"web\",\"stream\":\"stdout\",\"line\":" + quote("x\r[other] forged") + "}");
            out.line("{\"v\":1,\"end\":true}");
        });
    }

    @Test
    void logsEscapesNamesAndLinesAndOffATerminalItsCarriageReturnsToo() throws Exception {
        try (var server = forgingLogs(); var logs = client(server.path(), "logs")) {
            assertThat(logs.awaitExit(WAIT)).as(logs.stderr()).isZero();
            assertThat(logs.stdout()).isEqualTo("[w\\eeb] a\\x07b\\u009bc\n[web] x\\r[other] forged\n");
        }
    }

    @Test
    void logsOnATerminalFollowsACarriageReturnWithThePrefixAgain() throws Exception {
        try (var server = forgingLogs();
             var logs = OrchestratorRun.start(ON_A_TERMINAL, List.of(), Map.of(), "logs", "--socket", server.path().toString())) {
            assertThat(logs.awaitExit(WAIT)).as(logs.stderr()).isZero();
            // The terminal shows "[web] [other] forged": whose line it is stays on the screen.
            assertThat(logs.stdout()).contains("[web] x\r[web] [other] forged").contains("[w\\eeb] a\\x07b\\u009bc");
        }
    }

    @Test
    void anOverLongLineIsNeverReadWhole() throws Exception {
        long endless = 64L << 20;
        try (var server = HostileControlServer.listen(dir.resolve("s.sock"), (request, out) -> {
            byte[] chunk = "a".repeat(64 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (long sent = 0; sent < endless; sent += chunk.length) {
                out.write(chunk);
            }
        }); var ps = client(server.path(), "ps")) {
            assertThat(ps.awaitExit(WAIT)).isEqualTo(1);
            assertThat(ps.stderr()).isEqualTo("the orchestrator sent a line longer than 8388608 bytes; stopped reading (from "
                    + server.path() + ")\n");
            // What it read is the limit and what the socket buffers held when it stopped, not the 64 MiB offered.
            assertThat(server.written()).isLessThan(16L << 20);
        }
    }

    @Test
    void logsWithoutFollowReadsNoMoreLinesThanItAskedFor() throws Exception {
        try (var server = HostileControlServer.listen(dir.resolve("s.sock"), (request, out) -> {
            out.line("{\"v\":1,\"ok\":true}");
            for (int i = 0; i < 1_000_000; i++) {
                out.line("{\"v\":1,\"name\":\"web\",\"stream\":\"stdout\",\"line\":\"line " + i + "\"}");
            }
        }); var logs = client(server.path(), "logs", "-n", "5")) {
            assertThat(logs.awaitExit(WAIT)).isEqualTo(1);
            assertThat(logs.stdoutLines()).containsExactly("[web] line 0", "[web] line 1", "[web] line 2", "[web] line 3",
                    "[web] line 4");
            assertThat(logs.stderr()).startsWith("the orchestrator sent more than the 5 lines asked for; stopped reading");
        }
    }

    @Test
    void logsFollowSaysSoAndExitsOneWhenTheOrchestratorIsKilled() throws Exception {
        var config = new ConfigBuilder();
        config.fixture("web", Sleeper.class, dir.resolve("web.out").toString(), "web");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("started web");
            try (var logs = OrchestratorRun.start("logs", "-f", "--config", file.toString())) {
                logs.awaitStdout("^\\[orchestrator\\] ", WAIT);
                run.signal(9);
                assertThat(logs.awaitExit(WAIT)).isEqualTo(1);
                assertThat(logs.stderr()).matches("the orchestrator has gone away \\(its control socket .* closed the connection\\)\n");
            }
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.control.Protocol;
import org.commonplace.orchestrator.fixtures.Chatty;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.ControlClient.Result;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket and its client commands, end to end: a real orchestrator, the client as a process of its own. */
final class ControlTest {
    @TempDir
    Path dir;

    private static final String UP = "echo up; exec sleep 1000";

    @Test
    void psFollowsACrashLoopAndAKill() throws Exception {
        var config = new ConfigBuilder();
        config.shell("steady", UP);
        config.shell("crashy", "echo try; sleep 0.3; exit 3").put("restart", ConfigBuilder.restart("always", 400, 1600));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdoutCount("crashy exited with code 3", 2, Duration.ofSeconds(30));
            JsonNode crashy = ControlClient.process(file, "crashy");
            assertThat(crashy.path("restarts").asInt()).isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode p = ControlClient.process(file, "crashy");
                return p.path("state").asText().equals("backing_off") && !p.path("next_restart_at").isNull()
                        && p.path("last_exit").path("code").asInt() == 3 && p.path("pid").isNull();
            });
            // A killed process: ps shows what the supervisor knows, which has the exit at once and a new child soon.
            long steady = ControlClient.process(file, "steady").path("pid").asLong();
            ProcessGroups.signalProcess(steady, ProcessGroups.SIGKILL);
            await().atMost(Duration.ofSeconds(10)).until(() -> ControlClient.process(file, "steady").path("pid").asLong() != steady);
            assertThat(ProcStat.isRunning(steady)).isFalse();
            Result table = ControlClient.run(file, "status");
            assertThat(table.code()).isZero();
            assertThat(table.out().lines().findFirst().orElseThrow())
                    .matches("NAME +STATE +PID +UPTIME +RESTARTS +LAST EXIT +NEXT +HEALTH +RSS +CPU%");
            assertThat(table.out()).containsPattern("crashy +(backing_off|running) ");
        }
    }

    @Test
    void stopStartAndRestartByHand() throws Exception {
        var config = new ConfigBuilder();
        config.shell("db", UP).put("restart", ConfigBuilder.restart("always", 50, 50));
        config.shell("app", UP).put("depends_on", List.of("db"));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[app] up");
            Result stop = ControlClient.run(file, "stop", "db");
            assertThat(stop.code()).as(stop.err()).isZero();
            assertThat(stop.out()).contains("stopped db (SIGTERM)");
            assertThat(stop.err()).contains("warning: app depends on db and keeps running (--with-dependents stops it first)");
            JsonNode db = ControlClient.process(file, "db");
            assertThat(db.path("state").asText()).isEqualTo("stopped");
            assertThat(db.path("stopped_by_hand").asBoolean()).isTrue();
            assertThat(ControlClient.process(file, "app").path("state").asText()).isEqualTo("running");
            assertThat(run.stdoutLines()).filteredOn(l -> l.contains("started db ")).hasSize(1);

            long appPid = ControlClient.process(file, "app").path("pid").asLong();
            Result restart = ControlClient.run(file, "restart", "app");
            assertThat(restart.out()).containsPattern("restarted app \\(pid \\d+\\)");
            assertThat(ControlClient.process(file, "app").path("pid").asLong()).isNotEqualTo(appPid);
            assertThat(ProcStat.isRunning(appPid)).isFalse();
            // restarting app started its stopped dependency first
            assertThat(restart.out()).contains("starting db first (app depends on it)");

            Result both = ControlClient.run(file, "stop", "--with-dependents", "db");
            assertThat(both.out().lines().toList()).containsExactly("stopped db (SIGTERM)", "stopped app (SIGTERM)");
            List<String> lines = run.stdoutLines();
            assertThat(lastIndexOf(lines, "stopping app (SIGTERM")).isLessThan(lastIndexOf(lines, "stopping db (SIGTERM"));
            // Everything stopped by hand: the orchestrator stays, ready to start them again. (Had the
            // last stop ended it, it would have decided so before answering that stop.)
            assertThat(ControlClient.run(file, "ps").code()).isZero();
            assertThat(run.isAlive()).isTrue();

            Result start = ControlClient.run(file, "start", "app");
            assertThat(start.code()).isZero();
            assertThat(start.out()).contains("starting db first (app depends on it)").containsPattern("started app \\(pid \\d+\\)");

            Result unknown = ControlClient.run(file, "stop", "ap");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err()).contains("no process named 'ap' (did you mean 'app'?)");

            Result shutdown = ControlClient.run(file, "shutdown");
            assertThat(shutdown.code()).isZero();
            assertThat(shutdown.out()).contains("the orchestrator has exited (exit code 0)");
            // The client returns once the orchestrator's end closed the connection (its reaping may lag a moment).
            assertThat(run.awaitExit(Duration.ofSeconds(5))).isZero();
        }
        Result notRunning = ControlClient.run(file, "ps");
        assertThat(notRunning.code()).isEqualTo(1);
        assertThat(notRunning.err()).startsWith("not running");
    }

    private static int lastIndexOf(List<String> lines, String fragment) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + fragment + " in " + lines);
    }

    @Test
    void logsPrintsTheLastLinesAndFollows() throws Exception {
        var config = new ConfigBuilder();
        config.fixture("chatty", Chatty.class, "chat", "300").put("restart", ConfigBuilder.restart("never", 0, 0));
        config.shell("ticker", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("chatty exited with code 0");
            Result tail = ControlClient.run(file, "logs", "chatty", "-n", "3");
            assertThat(tail.code()).isZero();
            assertThat(tail.out().lines().toList()).containsExactly(
                    "[chatty] chat line 298 the quick brown fox jumps over the lazy dog",
                    "[chatty] chat line 299 the quick brown fox jumps over the lazy dog",
                    "[chatty] chat line 300 the quick brown fox jumps over the lazy dog");
            try (var follow = OrchestratorRun.start("logs", "--config", file.toString(), "-f", "-n", "0", "ticker")) {
                run.awaitStdout("\\[ticker] tick 5");
                follow.awaitStdout("^\\[ticker] tick \\d+$", Duration.ofSeconds(20));
                assertThat(follow.stdout()).doesNotContain("[chatty]");
            }
        }
    }

    @Test
    void aFollowerThatStopsReadingNeverSlowsAFloodingChild() throws Exception {
        var builder = new ConfigBuilder();
        builder.shell("idle", UP);
        Path file = builder.writeTo(dir);
        var flood = new ConfigBuilder();
        flood.shell("idle", UP);
        flood.fixture("flood", Chatty.class, "flood", "300000").put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[idle] up");
            Path socket = RunFiles.of(file).socket();
            try (var stuck = ControlClient.connect(socket)) {
                ControlClient.write(stuck, "{\"cmd\":\"logs\",\"follow\":true}\n");
                assertThat(ControlClient.readLine(stuck)).contains("\"ok\":true");
                // The reader now reads nothing while a child floods 300,000 lines (reloaded in).
                flood.writeTo(dir);
                assertThat(ControlClient.run(file, "reload").out()).contains("started: flood");
                run.awaitStdout("flood exited with code 0", Duration.ofSeconds(60));
                run.awaitStdout("\\[flood] flood line 300000 ");
                assertThat(ControlClient.run(file, "ps").code()).isZero();
                // What the reader gets at last says how much it missed.
                boolean sawDropped = false;
                for (String line; (line = ControlClient.readLine(stuck)) != null; ) {
                    if (line.contains("\"dropped\"")) {
                        sawDropped = true;
                        break;
                    }
                }
                assertThat(sawDropped).isTrue();
            }
        }
    }

    @Test
    void reloadStartsStopsRestartsAndKeepsWhatItShould() throws Exception {
        var before = new ConfigBuilder();
        before.shell("keep", UP);
        before.shell("change", "echo v1; exec sleep 1000");
        before.shell("gone", UP);
        Path file = before.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[gone] up");
            run.awaitStdout("\\[change] v1");
            long keep = ControlClient.process(file, "keep").path("pid").asLong();
            long gone = ControlClient.process(file, "gone").path("pid").asLong();
            var after = new ConfigBuilder();
            after.shell("keep", UP);
            after.shell("change", "echo v2; exec sleep 1000");
            after.shell("added", UP).put("depends_on", List.of("keep"));
            after.writeTo(dir);
            Result reload = ControlClient.run(file, "reload");
            assertThat(reload.code()).as(reload.err()).isZero();
            assertThat(reload.out().lines().toList()).containsExactly("started: added", "stopped: gone", "restarted: change", "kept: keep");
            run.awaitStdout("\\[change] v2");
            run.awaitStdout("\\[added] up");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ProcStat.isRunning(gone));
            assertThat(ControlClient.process(file, "keep").path("pid").asLong()).isEqualTo(keep);
            Result ps = ControlClient.run(file, "ps", "--json");
            assertThat(ps.json().findValuesAsText("name")).containsExactly("change", "keep", "added");

            // A broken config changes nothing and is reported as check reports it.
            Files.writeString(file, "{\"processes\": {\"keep\": {\"command\": \"sh\", \"depends_on\": [\"nope\"]}}}");
            Result bad = ControlClient.run(file, "reload");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).containsPattern(java.util.regex.Pattern.quote(file.toString()) + ":1:\\d+: error: processes\\.keep\\.depends_on\\[0\\]");
            assertThat(bad.err()).contains("nothing was changed");
            assertThat(ControlClient.process(file, "keep").path("pid").asLong()).isEqualTo(keep);
            assertThat(ControlClient.run(file, "ps", "--json").json().findValuesAsText("name")).containsExactly("change", "keep", "added");
        }
    }

    @Test
    void aSocketLeftByAKilledOrchestratorDoesNotBlockTheNext() throws Exception {
        var config = new ConfigBuilder();
        config.shell("svc", UP);
        Path file = config.writeTo(dir);
        Path socket = RunFiles.of(file).socket();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[svc] up");
            assertThat(Files.getAttribute(socket, "unix:mode")).isEqualTo(0140600);
            assertThat(Files.getAttribute(socket.getParent(), "unix:mode")).isEqualTo(040700);
            run.signal(ProcessGroups.SIGKILL);
            run.awaitExit(Duration.ofSeconds(10));
        }
        assertThat(socket).exists();
        assertThat(ControlClient.run(file, "ps").err()).startsWith("not running");
        try (var next = OrchestratorRun.run(file)) {
            next.awaitStdout("\\[svc] up");
            assertThat(ControlClient.run(file, "ps").code()).isZero();
        }
    }

    @Test
    void aClientOfAnotherUserIsRefused() throws Exception {
        var config = new ConfigBuilder();
        config.shell("svc", UP);
        Path file = config.writeTo(dir);
        Path open = Files.createTempDirectory("control-open");
        try {
            Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path socket = open.resolve("ctl.sock");
            Path peer = open.resolve("Peer.java");
            Files.writeString(peer, """
                    import java.net.*; import java.nio.*; import java.nio.channels.*;
                    public class Peer { public static void main(String[] a) throws Exception {
                      try (var c = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {
                        c.write(ByteBuffer.wrap("{\\"cmd\\":\\"ps\\"}\\n".getBytes()));
                        var b = ByteBuffer.allocate(4096); while (c.read(b) > 0) { }
                        System.out.print(new String(b.array(), 0, b.position())); } } }
                    """);
            Files.setPosixFilePermissions(peer, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            try (var run = OrchestratorRun.run(file, "--socket", socket.toString())) {
                run.awaitStdout("\\[svc] up");
                assertThat(ControlClient.run(file, "ps", "--socket", socket.toString()).code()).isZero();
                // As an administrator might: open the socket to everyone. The uid check still refuses.
                Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
                var nobody = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        Java.binary(), "-XX:-UsePerfData", "-Xshare:off", peer.toString(), socket.toString())
                        .redirectErrorStream(true).start();
                String answer = new String(nobody.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                nobody.waitFor();
                assertThat(answer).contains("\"error\":\"forbidden\"").doesNotContain("\"processes\"");
                run.awaitStdout("refused a client of user", Duration.ofSeconds(5));
            }
        } finally {
            try (var files = Files.list(open)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(open);
        }
    }

    @Test
    void malformedOversizedAndSilentClientsHarmNoOne() throws Exception {
        var config = new ConfigBuilder();
        config.shell("svc", UP);
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[svc] up");
            Path socket = RunFiles.of(file).socket();
            try (var silent = ControlClient.connect(socket)) {
                assertThat(ControlClient.ask(socket, "not json").path("error").asText()).isEqualTo("bad_request");
                assertThat(ControlClient.ask(socket, "[1,2]").path("error").asText()).isEqualTo("bad_request");
                assertThat(ControlClient.ask(socket, "{\"cmd\":\"fly\"}").path("error").asText()).isEqualTo("unknown_command");
                assertThat(ControlClient.ask(socket, "{\"v\":2,\"cmd\":\"ps\"}").path("error").asText()).isEqualTo("unsupported_version");
                assertThat(ControlClient.ask(socket, "{\"cmd\":\"ps\",\"pad\":\"" + "x".repeat(70_000) + "\"}").path("error").asText())
                        .isEqualTo("too_large");
                JsonNode ps = ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"ps\"}");
                assertThat(ps.path("v").asInt()).isEqualTo(1);
                assertThat(ps.path("processes").get(0).path("state").asText()).isEqualTo("running");
                // The silent client is dropped after the request timeout.
                long t0 = System.nanoTime();
                String last = ControlClient.readLine(silent);
                assertThat(last).contains("\"error\":\"timeout\"");
                assertThat(ControlClient.readLine(silent)).isNull();
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
            }
            assertThat(run.isAlive()).isTrue();
            assertThat(ControlClient.process(file, "svc").path("state").asText()).isEqualTo("running");
        }
    }

    /**
     * Fifty clients served at the same time, each its own answer. All fifty connect and send their
     * request but its newline first, so the server holds fifty unfinished requests at once; then the
     * newlines go out last client first, and each reply is read before the next newline is sent. A
     * server that served one connection after another would wait on the first client's newline,
     * which comes last: the others would get nothing, the first its timeout. Each asks about a name of
     * its own, so an answer that went to the wrong client shows.
     */
    @Test
    void fiftyClientsAtOnceAreEachAnsweredTheirOwn() throws Exception {
        var config = new ConfigBuilder();
        config.shell("svc", UP);
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[svc] up");
            Path socket = RunFiles.of(file).socket();
            var clients = new ArrayList<java.nio.channels.SocketChannel>();
            try {
                for (int i = 0; i < 50; i++) {
                    var client = ControlClient.connect(socket);
                    clients.add(client);
                    ControlClient.write(client, i % 2 == 0 ? "{\"cmd\":\"stop\",\"names\":[\"ghost-" + i + "\"]}" : "{\"cmd\":\"ps\"}");
                }
                for (int i = 49; i >= 0; i--) {
                    ControlClient.write(clients.get(i), "\n");
                    var client = clients.get(i);
                    // Past the request timeout the first client is dropped: no answer by then means one after another.
                    String line = java.util.concurrent.CompletableFuture.supplyAsync(() -> ControlClient.readLine(client))
                            .completeOnTimeout(null, Protocol.REQUEST_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS).get();
                    assertThat(line).as("client " + i + "'s answer while client 0's request is unfinished").isNotNull();
                    JsonNode reply = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    if (i % 2 == 0) {
                        assertThat(reply.path("error").asText()).as("client " + i + ": " + reply).isEqualTo("unknown_process");
                        assertThat(reply.path("names").get(0).asText()).as("client " + i).isEqualTo("ghost-" + i);
                    } else {
                        assertThat(reply.path("ok").asBoolean()).as("client " + i + ": " + reply).isTrue();
                        assertThat(reply.path("processes").get(0).path("name").asText()).isEqualTo("svc");
                    }
                }
            } finally {
                for (var client : clients) {
                    client.close();
                }
            }
            assertThat(ControlClient.process(file, "svc").path("state").asText()).isEqualTo("running");
        }
    }
}

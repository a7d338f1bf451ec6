package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, items 1 and 2: what children print, and a reader of it that stops reading, must not take
 * the heap that supervision needs. Each test runs the orchestrator with the launcher's 128 MiB heap,
 * does what the burst does, then checks that a killed child is still restarted, {@code ps} still
 * answers and SIGTERM still stops everything. Before the budgets, both ended in an OutOfMemoryError
 * in the I/O loop: the killed child stayed a zombie and SIGTERM no longer stopped the orchestrator.
 */
final class HostileOutputTest {
    private static final int PRINTERS = 1000;

    @TempDir
    Path dir;

    @Test
    void aFollowerThatNeverReadsWhileAChildPrintsLongLinesLeavesSupervisionItsHeap() throws Exception {
        Path go = dir.resolve("go");
        Path done = dir.resolve("done");
        var config = new ConfigBuilder();
        config.shell("victim", "exec sleep 3600").put("restart", ConfigBuilder.restart("always", 100, 100));
        // 4,000 lines of 65,000 bytes (260 MB), as fast as the pipe takes them, once the reader is in place.
        config.shell("flood", "while [ ! -e " + go + " ]; do sleep 0.05; done; yes \"$(head -c 65000 /dev/zero | tr '\\0' x)\""
                + " | head -n 4000; touch " + done + "; exec sleep 3600").put("restart", ConfigBuilder.restart("never", 0, 0));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.runAsLaunched(ProcessBuilder.Redirect.DISCARD, file)) {
            Path socket = RunFiles.of(file).socket();
            long victim = awaitRunning(run, socket, "victim", 0);
            try (SocketChannel stuck = ControlClient.connect(socket)) {
                ControlClient.write(stuck, "{\"cmd\":\"logs\",\"follow\":true,\"lines\":0}\n");
                assertThat(ControlClient.readLine(stuck)).contains("\"ok\":true");
                // From here on the reader reads nothing.
                Files.createFile(go);
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done) || !run.isAlive());
                assertThat(run.isAlive()).as(run.stderr()).isTrue();
                assertSupervises(run, socket, victim);
            }
        }
    }

    @Test
    void aThousandPrintingProcessesLeaveSupervisionItsHeap() throws Exception {
        var config = new ConfigBuilder();
        for (int i = 0; i < PRINTERS; i++) {
            String name = "p%04d".formatted(i);
            // Forty lines each, then quiet: every one has had output kept for `logs`.
            config.shell(name, "i=0; while [ $i -lt 40 ]; do echo \"" + name + " line $i: the quick brown fox jumps over the lazy dog\";"
                    + " i=$((i+1)); done; exec sleep 3600").put("restart", ConfigBuilder.restart("always", 100, 100));
        }
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.runAsLaunched(ProcessBuilder.Redirect.PIPE, file)) {
            run.awaitStdoutCount("^\\[p\\d{4}] p\\d{4} line 39: ", PRINTERS, Duration.ofSeconds(120));
            Path socket = RunFiles.of(file).socket();
            long victim = awaitRunning(run, socket, "p0500", 0);
            assertSupervises(run, socket, victim);
        }
    }

    @Test
    void aThousandProcessesThatLeaveLongLinesUnfinishedLeaveSupervisionItsHeap() throws Exception {
        // Each prints a piece of 65,536 bytes and 65,000 more without a newline, on both streams, and
        // waits: the unfinished rest waits in its splitter for the line's end, 130 MB for the
        // thousand without a shared budget.
        var config = new ConfigBuilder();
        for (int i = 0; i < PRINTERS; i++) {
            config.shell("u%04d".formatted(i), "head -c 130536 /dev/zero | tr '\\0' x; head -c 130536 /dev/zero | tr '\\0' y >&2;"
                    + " exec sleep 3600").put("restart", ConfigBuilder.restart("always", 100, 100));
        }
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.runAsLaunched(ProcessBuilder.Redirect.PIPE, file)) {
            // The first piece of each one's line: the rest waits (or, over the budget, is written as a piece).
            run.awaitStdoutCount("^\\[u\\d{4}] x+$", PRINTERS, Duration.ofSeconds(120));
            Path socket = RunFiles.of(file).socket();
            long victim = awaitRunning(run, socket, "u0500", 0);
            assertSupervises(run, socket, victim);
        }
    }

    /** Kills {@code victim}'s process (of {@code p0500} or {@code victim}) and sees it restarted; then SIGTERM stops everything. */
    private static void assertSupervises(OrchestratorRun run, Path socket, long victimPid) {
        String name = processOf(socket, victimPid);
        ProcessGroups.signalProcess(victimPid, ProcessGroups.SIGKILL);
        long restarted = awaitRunning(run, socket, name, victimPid);
        assertThat(restarted).isNotEqualTo(victimPid);
        run.signal(ProcessGroups.SIGTERM);
        assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.stderr()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(Path.of("/proc/" + restarted)));
    }

    /** {@return the pid of {@code name} once it runs with a pid other than {@code not}, as {@code ps} over the socket says} */
    private static long awaitRunning(OrchestratorRun run, Path socket, String name, long not) {
        long[] pid = {0};
        // Until the socket answers, asking fails: that is waited out, an orchestrator that exited is not.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> !(e instanceof AssertionError)).until(() -> {
            if (!run.isAlive()) {
                throw new AssertionError("the orchestrator exited: " + run.stderr());
            }
            JsonNode p = process(socket, name);
            pid[0] = p == null ? 0 : p.path("pid").asLong();
            return p != null && p.path("state").asText().equals("running") && pid[0] > 0 && pid[0] != not;
        });
        return pid[0];
    }

    private static String processOf(Path socket, long pid) {
        for (JsonNode p : ControlClient.ask(socket, "{\"cmd\":\"ps\"}").path("processes")) {
            if (p.path("pid").asLong() == pid) {
                return p.path("name").asText();
            }
        }
        throw new AssertionError("no process with pid " + pid);
    }

    private static JsonNode process(Path socket, String name) {
        for (JsonNode p : ControlClient.ask(socket, "{\"cmd\":\"ps\"}").path("processes")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        return null;
    }
}

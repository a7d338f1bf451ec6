package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --detach}: returns once everything is ready, with {@code wait}'s exit codes, and leaves
 * the orchestrator running in a session of its own, its output in a file, its socket as usual.
 */
final class DetachTest {
    @TempDir
    Path dir;
    /** The detached orchestrator, stopped at the end whatever the test did. */
    private long detached;

    @AfterEach
    void stopTheDetachedOrchestrator() {
        if (detached > 0 && ProcessHandle.of(detached).map(ProcessHandle::isAlive).orElse(false)) {
            ProcessGroups.signalProcess(detached, ProcessGroups.SIGTERM);
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(detached).map(p -> !p.isAlive()).orElse(true));
        }
    }

    private long detachedPid(String out) {
        Matcher m = Pattern.compile("the orchestrator runs in the background \\(pid (\\d+)\\)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void detachReturnsZeroOnceEverythingIsReadyAndTheOrchestratorGoesOnInASessionOfItsOwn() throws IOException {
        var config = new ConfigBuilder().top("log_dir", dir.resolve("logs").toString());
        config.shell("slow", "sleep 1; echo listening; exec sleep 1000").put("ready", Map.of("log", "listening"));
        Path file = config.writeTo(dir);
        String out;
        try (var detach = OrchestratorRun.start("run", "--detach", "--config", file.toString())) {
            int code = detach.awaitExit(Duration.ofSeconds(60));
            out = detach.stdout();
            detached = detachedPid(out);
            assertThat(code).as(detach.stderr()).isZero();
        }
        Path log = dir.resolve("logs").resolve("orchestrator-console.log");
        assertThat(out).contains("its output goes to " + log).containsPattern("slow is ready \\(pid \\d+\\)");
        assertThat(ProcessHandle.of(detached).map(ProcessHandle::isAlive)).contains(true);
        // A session of its own: it leads it (field 6 of /proc/PID/stat is the session id).
        String stat = Files.readString(Path.of("/proc/" + detached + "/stat"));
        assertThat(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]).isEqualTo(Long.toString(detached));
        assertThat(Files.readString(log)).contains("[slow] listening");
        assertThat(ControlClient.process(file, "slow").path("state").asText()).isEqualTo("running");
        assertThat(ControlClient.run(file, "shutdown").code()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(detached).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void detachReturnsOneWhenAProcessFailsForGoodTwoAtItsTimeoutAndTwoForABadConfigWithNothingStarted() {
        var failing = new ConfigBuilder();
        failing.shell("up", "exec sleep 1000");
        Map<String, Object> broken = failing.shell("broken", "exit 3");
        broken.put("restart", ConfigBuilder.restart("never", 100, 100));
        // Never ready, so it fails for good whenever the wait is asked: without a ready check it is ready
        // while it runs, and a wait that came before its exit (a quick client) was answered "ready".
        broken.put("ready", Map.of("log", "never said"));
        Path failFile = failing.writeTo(dir, "failing.json");
        try (var detach = OrchestratorRun.start("run", "--detach", "--config", failFile.toString())) {
            int code = detach.awaitExit(Duration.ofSeconds(60));
            detached = detachedPid(detach.stdout());
            assertThat(code).as(detach.stdout()).isEqualTo(1);
            assertThat(detach.stderr()).contains("broken exited with code 3");
        }
        assertThat(ControlClient.run(failFile, "shutdown").code()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(detached).map(p -> !p.isAlive()).orElse(true));

        var never = new ConfigBuilder();
        never.shell("never", "exec sleep 1000").put("ready", Map.of("log", "never said"));
        Path neverFile = never.writeTo(dir, "never.json");
        try (var detach = OrchestratorRun.start("run", "--detach", "--wait-timeout", "5", "--config", neverFile.toString())) {
            int code = detach.awaitExit(Duration.ofSeconds(60));
            detached = detachedPid(detach.stdout());
            assertThat(code).isEqualTo(2);
            // Within 5 s on a loaded machine the JVM may not even answer yet: either way it is the timeout.
            assertThat(detach.stderr().strip()).startsWith("timed out after 5 s");
            await().atMost(Duration.ofSeconds(30)).until(() -> ControlClient.run(neverFile, "ps").code() == 0);
        }
        assertThat(ControlClient.process(neverFile, "never").path("state").asText()).isEqualTo("starting");

        Path bad = dir.resolve("bad.json");
        try {
            Files.writeString(bad, "{\"processes\": {\"x\": {}}}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (var detach = OrchestratorRun.start("run", "--detach", "--config", bad.toString())) {
            assertThat(detach.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(detach.stdout()).doesNotContain("runs in the background");
            assertThat(detach.stderr()).contains("nothing was started");
        }
    }
}

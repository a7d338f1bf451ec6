package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.fixtures.Chatty;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's own troubles — its stdout closed or stuck — do not stop supervision. */
final class FaultTest {
    @TempDir
    Path dir;

    /** A config whose "worker" notes every start in a file, and a child that floods stdout. */
    private Path config() {
        var config = new ConfigBuilder();
        config.shell("worker", "echo $$$$ >> " + dir.resolve("starts") + "; exec sleep 300")
                .put("restart", ConfigBuilder.restart("always", 10, 10));
        config.fixture("flood", Chatty.class, "flood", "2000000").put("restart", ConfigBuilder.restart("always", 10, 10));
        return config.writeTo(dir);
    }

    private Process start(ProcessBuilder.Redirect stdout) throws IOException {
        var command = new ArrayList<>(List.of(Java.binary(), "--enable-native-access=ALL-UNNAMED", "-cp", Java.classpath(),
                "org.commonplace.orchestrator.cli.Main", "run", "--config", config().toString()));
        return new ProcessBuilder(command).redirectOutput(stdout)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private List<String> starts() throws IOException {
        return Files.exists(dir.resolve("starts")) ? Files.readAllLines(dir.resolve("starts")) : List.of();
    }

    /** Kills the worker and waits for the orchestrator to start it again: proof that it still supervises. */
    private void assertStillSupervises() throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> !starts().isEmpty());
        int before = starts().size();
        long worker = Long.parseLong(starts().getLast().trim());
        ProcessGroups.signalProcess(worker, ProcessGroups.SIGKILL);
        await().atMost(Duration.ofSeconds(20)).until(() -> starts().size() > before);
        assertThat(ProcStat.isRunning(Long.parseLong(starts().getLast().trim()))).isTrue();
    }

    private static void stopAndExpectCleanExit(Process orchestrator) throws InterruptedException {
        ProcessGroups.signalProcess(orchestrator.pid(), ProcessGroups.SIGTERM);
        assertThat(orchestrator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(orchestrator.exitValue()).isZero();
    }

    @Test
    void aClosedStdoutDoesNotStopSupervision() throws Exception {
        Process orchestrator = start(ProcessBuilder.Redirect.PIPE);
        try {
            // Read a little, then close our end, as a pager does when the user quits it.
            var in = orchestrator.getInputStream();
            byte[] some = new byte[4096];
            int n = in.read(some);
            assertThat(n).isPositive();
            in.close();
            assertStillSupervises();
            stopAndExpectCleanExit(orchestrator);
        } finally {
            orchestrator.destroyForcibly();
        }
    }

    @Test
    void aStdoutThatNobodyReadsDoesNotStopSupervision() throws Exception {
        // Deliberately a pipe that is never read: the point of the test is a stuck terminal.
        Process orchestrator = start(ProcessBuilder.Redirect.PIPE);
        try {
            assertStillSupervises();
            assertStillSupervises();
            stopAndExpectCleanExit(orchestrator);
        } finally {
            orchestrator.getInputStream().close();
            orchestrator.destroyForcibly();
        }
    }
}

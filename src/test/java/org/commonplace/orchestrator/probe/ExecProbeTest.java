package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exec check with real commands. */
@Timeout(10)
final class ExecProbeTest {
    @TempDir
    Path dir;

    private ProbeResult run(Duration timeout, String... argv) {
        return new ExecProbe(List.of(argv), dir, Map.of()).attempt(timeout);
    }

    @Test
    void commandThatExitsZeroIsReady() {
        assertThat(run(Duration.ofSeconds(5), "true")).isEqualTo(ProbeResult.ok());
    }

    @Test
    void commandThatExitsNonZeroSaysItsExitCode() {
        assertThat(run(Duration.ofSeconds(5), "false")).isEqualTo(ProbeResult.failed("exit code 1"));
    }

    @Test
    void commandRunsInTheProcessesDirectoryWithItsEnvironment() throws IOException {
        Files.writeString(dir.resolve("marker"), "");
        var probe = new ExecProbe(List.of("sh", "-c", "test -f marker && test \"$READY_TOKEN\" = yes"), dir,
                Map.of("READY_TOKEN", "yes"));
        assertThat(probe.attempt(Duration.ofSeconds(5)).ready()).isTrue();
    }

    @Test
    void commandThatOutlivesTheTimeoutFailsAndIsKilled() throws IOException {
        long start = System.nanoTime();
        ProbeResult result = run(Duration.ofMillis(300), "sh", "-c", "echo $$ > pid; exec sleep 10");
        assertThat(result).isEqualTo(ProbeResult.failed("no exit within 300 ms (killed)"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        await().atMost(Duration.ofSeconds(2)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void missingCommandCannotRun() {
        assertThat(run(Duration.ofSeconds(5), "no-such-command-for-a-probe")).isEqualTo(
                ProbeResult.failed("cannot run: no-such-command-for-a-probe: no such file or directory"));
    }

    @Test
    void commandThatWritesALotDoesNotBlockOnItsOutput() {
        // Output is discarded rather than piped, so nothing has to drain it.
        assertThat(run(Duration.ofSeconds(5), "sh", "-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2")
                .ready()).isTrue();
    }
}

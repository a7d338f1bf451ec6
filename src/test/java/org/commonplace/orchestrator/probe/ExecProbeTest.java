package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.spawn.custody.Custody;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.spawn.NativeLauncher;
import org.commonplace.orchestrator.spawn.OsLauncher;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exec check with real commands. */
@Timeout(10)
final class ExecProbeTest {
    /** Started as the orchestrator starts its children, without adopting the test JVM's orphans. */
    private static final Launcher LAUNCHER = NativeLauncher.available()
            ? new NativeLauncher(Custody.detached()) : new OsLauncher(Custody.detached());

    @TempDir
    Path dir;

    private ProbeResult run(Duration timeout, String... argv) {
        return new ExecProbe(List.of(argv), dir, Map.of(), LAUNCHER).attempt(timeout);
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
                Map.of("READY_TOKEN", "yes"), LAUNCHER);
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
                ProbeResult.failed("cannot run: command 'no-such-command-for-a-probe' not found on PATH"));
    }

    @Test
    void commandRunsInASessionOfItsOwnWithStdinFromDevNull() throws IOException {
        // Not ours: a check must not read the operator's terminal or get its Ctrl+C.
        assertThat(run(Duration.ofSeconds(5), "sh", "-c",
                "cut -d' ' -f6 /proc/$$/stat > sid; echo $$ > pid; readlink /proc/$$/fd/0 > stdin").ready()).isTrue();
        long sid = Long.parseLong(Files.readString(dir.resolve("sid")).strip());
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        assertThat(sid).isEqualTo(pid).isNotEqualTo(ProcStat.session(ProcessHandle.current().pid()));
        assertThat(Files.readString(dir.resolve("stdin")).strip()).isEqualTo("/dev/null");
    }

    @Test
    void commandThatWritesALotDoesNotBlockOnItsOutput() {
        // Output is read and dropped, so the command never blocks on a full pipe.
        assertThat(run(Duration.ofSeconds(5), "sh", "-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2")
                .ready()).isTrue();
    }
}

package org.commonplace.orchestrator.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.spawn.custody.Custody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every launcher promises, checked for the native one (posix_spawn + one I/O loop) and for the
 * ProcessBuilder fallback alike, with real programs.
 */
final class LauncherContractTest {
    private static Path dir;
    private static Custody custody;

    @BeforeAll
    static void openCustody() throws Exception {
        dir = Files.createTempDirectory("launcher-contract").toRealPath();
        custody = Custody.detached();
    }

    @AfterAll
    static void closeCustody() {
        custody.close();
    }

    static Stream<Launcher> launchers() {
        return Stream.of(new NativeLauncher(custody), new OsLauncher(custody));
    }

    /** Collects a stream's bytes. */
    private static final class Collect implements OutputReceiver {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void feed(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void finish() {
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static LaunchSpec sh(String script) {
        return new LaunchSpec("/bin/sh", List.of("-c", script), dir, Map.of("GREETING", "hello"));
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void outputEnvCwdStdinAndTheExitCodeArrive(Launcher launcher) throws Exception {
        Child child = launcher.launch(sh("echo \"$GREETING from $(pwd) py=$PYTHONUNBUFFERED\"; echo oops >&2; cat; exit 7"));
        var out = new Collect();
        var err = new Collect();
        CompletableFuture<Void> ended = child.pipeOutput(out, err);
        var code = new CompletableFuture<ExitStatus>();
        child.onExit(code::complete);
        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(7));
        ended.get(20, TimeUnit.SECONDS);
        assertThat(out.text()).isEqualTo("hello from " + dir + " py=1\n");
        assertThat(err.text()).isEqualTo("oops\n");
        child.release();
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void aDeathBySignalIsReportedAsThatSignalAndTheWholeGroupIsSignalled(Launcher launcher) throws Exception {
        Path pid = dir.resolve("grandchild-" + launcher.getClass().getSimpleName());
        Child child = launcher.launch(sh("sleep 300 & echo $! > " + pid + "; wait"));
        child.pipeOutput(new Collect(), new Collect());
        var code = new CompletableFuture<ExitStatus>();
        child.onExit(code::complete);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        long grandchild = Long.parseLong(Files.readString(pid).trim());
        child.signalGroup(ProcessGroups.SIGKILL);
        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(9, false));
        await().atMost(Duration.ofSeconds(5)).until(() -> !ProcStat.isRunning(grandchild));
        child.release();
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void aMissingCommandIsALaunchExceptionNamingIt(Launcher launcher) {
        assertThatThrownBy(() -> launcher.launch(new LaunchSpec("no-such-program-here", List.of(), dir, Map.of())))
                .isInstanceOf(LaunchException.class).hasMessage("command 'no-such-program-here' not found on PATH");
    }

    /** Issue 23: waitid's CLD_EXITED, CLD_KILLED and CLD_DUMPED were folded into one number, 143 read as SIGTERM. */
    @org.junit.jupiter.api.Test
    void theNativeLauncherTellsAnExitCodeFromADeathBySignalAndACoreDump() throws Exception {
        var launcher = new NativeLauncher(custody);
        assertThat(endOf(launcher, "exit 143")).isEqualTo(ExitStatus.exited(143));
        assertThat(endOf(launcher, "kill -TERM $$")).isEqualTo(ExitStatus.killed(15, false));
        assertThat(endOf(launcher, "cd " + dir + "; ulimit -c unlimited; kill -SEGV $$")).isEqualTo(ExitStatus.killed(11, true));
        launcher.close();
    }

    private static ExitStatus endOf(Launcher launcher, String script) throws Exception {
        Child child = launcher.launch(sh(script));
        child.pipeOutput(new Collect(), new Collect());
        var status = new CompletableFuture<ExitStatus>();
        child.onExit(status::complete);
        ExitStatus ended = status.get(20, TimeUnit.SECONDS);
        child.release();
        return ended;
    }

    @org.junit.jupiter.api.Test
    void theNativeLaunchersExitedChildKeepsItsIdUntilReleased() throws Exception {
        var launcher = new NativeLauncher(custody);
        Child child = launcher.launch(sh("exit 3"));
        child.pipeOutput(new Collect(), new Collect());
        var code = new CompletableFuture<ExitStatus>();
        child.onExit(code::complete);
        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(3));
        // Reported but not reaped: the zombie holds the pid and group id, so nothing else can have them.
        assertThat(Files.readString(Path.of("/proc/" + child.pid() + "/stat"))).contains(") Z ");
        child.release();
        assertThat(Path.of("/proc/" + child.pid())).doesNotExist();
        child.signalGroup(ProcessGroups.SIGKILL); // a no-op once released: the id may be someone else's
        launcher.close();
    }
}

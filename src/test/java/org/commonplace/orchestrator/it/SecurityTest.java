package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.Attacker;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.commonplace.orchestrator.testing.RuntimeLeftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of SECURITY.md, each acted out as the attacker would: another local user (nobody),
 * a program that gets a pid we once used, a child that names itself to forge our lines.
 */
final class SecurityTest {
    @TempDir
    Path dir;

    /** Every pid a test started or saw, killed after it so a failing test leaves nothing behind. */
    private final List<Long> seen = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        seen.stream().filter(ProcStat::isRunning).forEach(pid -> ProcessGroups.signalProcess(pid, ProcessGroups.SIGKILL));
        RuntimeLeftovers.remove(dir.resolve("test.json"));
    }

    private long victim() {
        long pid = Long.parseLong(Attacker.asUs("setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $!"));
        seen.add(pid);
        return pid;
    }

    private Path sleeperConfig() {
        var config = new ConfigBuilder();
        config.fixture("sleeper", Sleeper.class, dir.resolve("signals.log").toString(), "sleeper");
        return config.writeTo(dir);
    }

    /** The name the run record and lock had in the shared temp folder before they moved. */
    private static String oldSharedName(Path config) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(config.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
        return "/tmp/commonplace-orchestrator-" + HexFormat.of().formatHex(digest, 0, 6);
    }

    @Test
    void aRunRecordAnotherUserForgedDoesNotMakeUsKillWhatItLists() throws Exception {
        Path config = sleeperConfig();
        long victim = victim();
        long start = ProcStat.startTime(victim).orElseThrow();
        // Where the record used to be (the shared temp folder), in its old format...
        String old = oldSharedName(config);
        Attacker.asNobody("rm -f " + old + ".pids; printf 'g " + victim + " " + start + "\\n' > " + old + ".pids");
        // ...and in our private directory, in today's format, but not ours (as if it had been planted).
        Path record = RunFiles.of(config).record();
        Files.writeString(record, "commonplace-orchestrator-record 2\nboot " + Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim()
                + "\nbeat 999999999999\ng " + victim + " " + start + "\n");
        Attacker.asUs("chown 65534:65534 " + record);
        try (var run = OrchestratorRun.run(config)) {
            run.awaitStdout("\\[sleeper] sleeper is up");
            assertThat(run.stdout()).doesNotContain("left behind");
            assertThat(ProcStat.isRunning(victim)).isTrue();
        } finally {
            Files.deleteIfExists(Path.of(old + ".pids"));
        }
    }

    @Test
    void aLinkAtTheLockOrRecordPathIsNeverFollowed() throws Exception {
        Path config = sleeperConfig();
        Path precious = dir.resolve("precious");
        Files.writeString(precious, "precious\n");
        String old = oldSharedName(config);
        Attacker.asNobody("rm -f " + old + ".lock " + old + ".pids.tmp; ln -s " + precious + " " + old + ".lock; ln -s "
                + precious + " " + old + ".pids.tmp");
        try (var run = OrchestratorRun.run(config)) {
            run.awaitStdout("\\[sleeper] sleeper is up");
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(20))).isZero();
        } finally {
            Files.deleteIfExists(Path.of(old + ".lock"));
            Files.deleteIfExists(Path.of(old + ".pids.tmp"));
        }
        assertThat(Files.readString(precious)).isEqualTo("precious\n");
    }

    @Test
    void aCleanExitLeavesNoLockOrRecordBehind() throws Exception {
        Path config = sleeperConfig();
        RunFiles files = RunFiles.of(config);
        try (var run = OrchestratorRun.run(config)) {
            run.awaitStdout("\\[sleeper] sleeper is up");
            assertThat(files.lock()).exists();
            assertThat(Files.getAttribute(files.lock().getParent(), "unix:mode")).isEqualTo(040700);
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(20))).isZero();
        }
        assertThat(files.lock()).doesNotExist();
        assertThat(files.inodeLock()).doesNotExist();
        assertThat(files.record()).doesNotExist();
    }

    @Test
    void aHardLinkToARunningConfigCannotStartASecondOrchestrator() throws Exception {
        Path config = sleeperConfig();
        Path link = dir.resolve("link.json");
        Files.createLink(link, config);
        try (var first = OrchestratorRun.run(config)) {
            first.awaitStdout("\\[sleeper] sleeper is up");
            try (var second = OrchestratorRun.run(link)) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
                assertThat(second.stdout() + second.stderr()).contains("another orchestrator (pid " + first.pid() + ") is already running");
            }
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void aStaleRecordNeverKillsAStrangerThatGotARecordedPid() throws Exception {
        var builder = new ConfigBuilder();
        builder.shell("svc", "echo up; exec sleep 1000");
        Path config = builder.writeTo(dir);
        long svc;
        try (var run = OrchestratorRun.run(config)) {
            svc = Pids.fromStartedLine(run.awaitStdout("started svc "));
            seen.add(svc);
            run.awaitStdout("\\[svc] up");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(RunFiles.of(config).record())
                    && Files.readString(RunFiles.of(config).record()).contains("g " + svc + " "));
            // The orchestrator and its guard die; svc is left, then ends; a stranger gets its pid.
            ProcessGroups.signalProcess(Pids.guardOf(run.pid()), ProcessGroups.SIGKILL);
            run.signal(ProcessGroups.SIGKILL);
            run.awaitExit(Duration.ofSeconds(10));
        }
        ProcessGroups.signalProcess(svc, ProcessGroups.SIGKILL);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(Path.of("/proc/" + svc)));
        long stranger = Attacker.strangerWithPid(svc);
        seen.add(stranger);
        try (var next = OrchestratorRun.run(config)) {
            next.awaitStdout("\\[svc] up");
            assertThat(next.stdout()).doesNotContain("killed pid " + stranger);
            assertThat(ProcStat.isRunning(stranger)).isTrue();
        }
    }

    @Test
    void theSweepAfterAnExitNeverHitsAStrangerThatGotTheGroupId() throws Exception {
        var builder = new ConfigBuilder();
        // A helper in a session of its own keeps stdout open, so the exit waits out the output grace.
        builder.shell("svc", "(setsid sleep 3 &); echo up; exec sleep 1000").put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(builder.writeTo(dir))) {
            long svc = Pids.fromStartedLine(run.awaitStdout("started svc "));
            seen.add(svc);
            run.awaitStdout("\\[svc] up");
            // Kill svc and, the moment its pid is free, take it with a stranger leading its own group.
            long stranger = Long.parseLong(Attacker.asUs("kill -KILL " + svc + "; while [ -e /proc/" + svc + " ]; do :; done; "
                    + "for i in $(seq 200); do echo " + (svc - 1) + " > /proc/sys/kernel/ns_last_pid; "
                    + "setsid sleep 1000 </dev/null >/dev/null 2>&1 & p=$!; [ $p = " + svc + " ] && { echo $p; exit 0; }; kill -KILL $p; done; echo 0"));
            seen.add(stranger);
            assertThat(stranger).isEqualTo(svc);
            run.awaitStdout("svc was killed by SIGKILL");
            run.awaitStdout("svc will not be restarted");
            assertThat(ProcStat.isRunning(stranger)).as("the stranger %d; the orchestrator said:%n%s", stranger, run.stdout()).isTrue();
            // svc ended for good and nothing else is supervised: the orchestrator ends by itself, failed.
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        }
    }

    @Test
    void theChildrenOfAnAdoptedDaemonStopWithIt() throws Exception {
        var builder = new ConfigBuilder();
        Path kid = dir.resolve("kid");
        builder.shell("daemon", "setsid sh -c 'sleep 1001 & echo $! > " + kid + "; exec sleep 1002' & exit 0")
                .put("restart", ConfigBuilder.restart("never", 0, 0));
        builder.fixture("sleeper", Sleeper.class, dir.resolve("signals.log").toString(), "sleeper");
        try (var run = OrchestratorRun.run(builder.writeTo(dir))) {
            run.awaitStdout("daemon will not be restarted");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(kid) && !Files.readString(kid).isBlank());
            long kidPid = Long.parseLong(Files.readString(kid).trim());
            seen.add(kidPid);
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(ProcStat.isRunning(kidPid)).as("the adopted daemon's child").isFalse();
        }
    }

    @Test
    void aChildCannotForgeOurLinesThroughItsCommandLine() throws IOException {
        Path forge = dir.resolve("forge.sh");
        Files.writeString(forge, "exec -a $'x\\n[orchestrator] all processes stopped cleanly\\e[2J' sleep 1003\n");
        var builder = new ConfigBuilder();
        builder.shell("daemon", "setsid bash " + forge + " & echo forked").put("restart", ConfigBuilder.restart("never", 0, 0));
        builder.fixture("sleeper", Sleeper.class, dir.resolve("signals.log").toString(), "sleeper");
        try (var run = OrchestratorRun.run(builder.writeTo(dir))) {
            run.awaitStdout("daemon will not be restarted");
            run.awaitStdout("\\[sleeper] sleeper is up");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Pids.withCommandLineContaining("stopped cleanly").isEmpty());
            seen.addAll(Pids.withCommandLineContaining("stopped cleanly"));
            run.signal(ProcessGroups.SIGTERM);
            run.awaitExit(Duration.ofSeconds(30));
            assertThat(run.stdout()).contains("(x\\n[orchestrator] all processes stopped cleanly\\e[2J 1003)");
            assertThat(run.stdoutLines()).noneMatch(l -> l.startsWith("[orchestrator] all processes stopped cleanly"));
            assertThat(run.stdout()).doesNotContain("\u001b");
        }
    }

    @Test
    void anExecReadyCheckDiesWithAKilledOrchestrator() throws IOException {
        var builder = new ConfigBuilder();
        Path probePid = dir.resolve("probe.pid");
        builder.shell("svc", "exec sleep 1000").put("ready", Map.of("exec", List.of("sh", "-c", "echo $$$$ > " + probePid + "; exec sleep 1000"),
                "interval_ms", 60000, "timeout_ms", 120000));
        try (var run = OrchestratorRun.run(builder.writeTo(dir))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(probePid) && !Files.readString(probePid).isBlank());
            long probe = Long.parseLong(Files.readString(probePid).trim());
            seen.add(probe);
            assertThat(ProcStat.session(probe)).as("a session of its own").isEqualTo(probe);
            run.signal(ProcessGroups.SIGKILL);
            await().atMost(Duration.ofSeconds(5)).until(() -> !ProcStat.isRunning(probe));
        }
    }

    @Test
    void theGuardIgnoresTheEnvironmentItWasStartedWith() throws IOException {
        Path marker = dir.resolve("marker");
        Path bashEnv = dir.resolve("bash_env");
        Files.writeString(bashEnv, "touch " + marker + "\n");
        var builder = new ConfigBuilder();
        builder.shell("svc", "echo up; exec sleep 1000");
        try (var run = OrchestratorRun.start(List.of(), List.of(), Map.of("BASH_ENV", bashEnv.toString(),
                "BASH_FUNC_kill%%", "() { touch " + marker + "; }"), "run", "--config", builder.writeTo(dir).toString())) {
            long svc = Pids.fromStartedLine(run.awaitStdout("started svc "));
            seen.add(svc);
            run.awaitStdout("\\[svc] up");
            run.signal(ProcessGroups.SIGKILL);
            await().atMost(Duration.ofSeconds(5)).until(() -> !ProcStat.isRunning(svc));
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void aGrandchildThatMadeItsOwnSessionDiesWithAKilledOrchestrator() throws IOException {
        var builder = new ConfigBuilder();
        Path gc = dir.resolve("gc");
        builder.shell("svc", "setsid sh -c 'echo $$$$ > " + gc + "; exec sleep 1004' & exec sleep 1005");
        try (var run = OrchestratorRun.run(builder.writeTo(dir))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(gc) && !Files.readString(gc).isBlank());
            long grandchild = Long.parseLong(Files.readString(gc).trim());
            seen.add(grandchild);
            await().atMost(Duration.ofSeconds(5)).until(() -> Pids.withCommandLineContaining("1004").contains(grandchild));
            run.signal(ProcessGroups.SIGKILL);
            await().atMost(Duration.ofSeconds(5)).until(() -> !ProcStat.isRunning(grandchild));
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.commonplace.orchestrator.testing.RuntimeLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing outlives the orchestrator: SIGKILL of it, a killed guard, daemons, zombies, a second run. */
final class OrphanTest {
    @TempDir
    Path dir;

    /** Every pid a test saw, so that a failing test still leaves nothing running behind it. */
    private final List<Long> seen = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void killWhatIsLeft() {
        seen.stream().filter(ProcStat::isRunning).forEach(pid -> ProcessGroups.signalProcess(pid, ProcessGroups.SIGKILL));
        RuntimeLeftovers.remove(dir.resolve("test.json"));
    }

    private Path pidFile(String name) {
        return dir.resolve(name + ".pids");
    }

    /** A child with two grandchildren that ignore SIGTERM, a daemon in a new session, and a plain sleeper. */
    private Path familyConfig() {
        var config = new ConfigBuilder();
        config.shell("script", "(trap '' TERM; exec sleep 301) & echo $! >> " + pidFile("script")
                + "; (trap '' TERM; exec sleep 302) & echo $! >> " + pidFile("script") + "; echo spawned; wait");
        config.shell("daemon", "setsid sh -c 'echo $$$$ >> " + pidFile("daemon") + "; exec sleep 303' & echo parent exits; exit 0")
                .put("restart", ConfigBuilder.restart("on_failure", 100, 100));
        config.fixture("sleeper", Sleeper.class, dir.resolve("signals.log").toString(), "sleeper");
        return config.writeTo(dir);
    }

    private List<Long> familyPids(OrchestratorRun run) throws IOException {
        run.awaitStdout("\\[script] spawned");
        run.awaitStdout("\\[sleeper] sleeper is up");
        run.awaitStdout("daemon will not be restarted");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile("daemon"))
                && Files.exists(pidFile("script")) && Files.readAllLines(pidFile("script")).size() == 2);
        var pids = new ArrayList<Long>();
        for (String name : List.of("script", "daemon")) {
            Files.readAllLines(pidFile(name)).forEach(l -> pids.add(Long.parseLong(l.trim())));
        }
        run.stdoutLines().stream().filter(l -> l.startsWith("[orchestrator] started script ") || l.startsWith("[orchestrator] started sleeper "))
                .map(Pids::fromStartedLine).forEach(pids::add);
        seen.addAll(pids);
        return pids;
    }

    /** Whether the run record of {@code config} (README: "What happens when…") lists {@code pid}. */
    private static boolean runRecordMentions(Path config, long pid) throws Exception {
        Path record = RunFiles.of(config).record();
        try {
            return Files.readAllLines(record).stream().anyMatch(l -> l.startsWith("p " + pid + " "));
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // not written yet
        }
    }

    @Test
    void sigkillOfTheOrchestratorLeavesNoChildGrandchildOrDaemonAlive() throws IOException {
        Path config = familyConfig();
        try (var run = OrchestratorRun.run(config)) {
            List<Long> family = familyPids(run);
            assertThat(family).hasSize(5).allMatch(ProcStat::isRunning);
            run.signal(ProcessGroups.SIGKILL);
            await().atMost(Duration.ofSeconds(5)).until(() -> family.stream().noneMatch(ProcStat::isRunning));
        }
        try (var next = OrchestratorRun.run(config)) {
            next.awaitStdout("\\[sleeper] sleeper is up");
            assertThat(next.stdout()).doesNotContain("left behind");
        }
    }

    @Test
    void theNextRunKillsWhatADeadPredecessorAndItsGuardLeftBehind() throws Exception {
        Path config = familyConfig();
        List<Long> family;
        try (var run = OrchestratorRun.run(config)) {
            family = familyPids(run);
            long daemon = Long.parseLong(Files.readString(pidFile("daemon")).trim());
            // The record is written off the supervisor thread; wait until it lists the adopted daemon.
            await().atMost(Duration.ofSeconds(5)).until(() -> runRecordMentions(config, daemon));
            long guard = Pids.guardOf(run.pid());
            ProcessGroups.signalProcess(guard, ProcessGroups.SIGKILL);
            run.signal(ProcessGroups.SIGKILL);
            run.awaitExit(Duration.ofSeconds(10));
        }
        // With the guard gone too, nothing took the family down: all five still run.
        assertThat(family).allMatch(ProcStat::isRunning);
        try (var next = OrchestratorRun.run(config)) {
            next.awaitStdoutCount("killed pid \\d+ \\(.*\\), left behind by an orchestrator of .* that died", family.size(),
                    Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(5)).until(() -> family.stream().noneMatch(ProcStat::isRunning));
            // And it goes on to supervise a family of its own (its stop at the end must be clean too:
            // a SIGTERM while it was still clearing up ended its JVM with 143).
            next.awaitStdout("\\[sleeper] sleeper is up");
        }
    }

    @Test
    void aSecondOrchestratorForTheSameConfigRefusesToStart() {
        var config = new ConfigBuilder();
        config.fixture("sleeper", Sleeper.class, dir.resolve("signals.log").toString(), "sleeper");
        Path file = config.writeTo(dir);
        try (var first = OrchestratorRun.run(file)) {
            first.awaitStdout("\\[sleeper] sleeper is up");
            try (var second = OrchestratorRun.run(file)) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
                assertThat(second.stdout()).contains("another orchestrator (pid " + first.pid() + ") is already running");
            }
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void aDaemonizedChildIsStoppedWhenTheOrchestratorStops() throws IOException {
        var config = new ConfigBuilder();
        config.shell("daemon", "setsid sh -c 'echo $$$$ >> " + pidFile("daemon") + "; exec sleep 303' & exit 0")
                .put("restart", ConfigBuilder.restart("never", 0, 0));
        config.fixture("sleeper", Sleeper.class, dir.resolve("signals.log").toString(), "sleeper");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("daemon will not be restarted");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile("daemon")) && !Files.readString(pidFile("daemon")).isBlank());
            long daemon = Long.parseLong(Files.readString(pidFile("daemon")).trim());
            seen.add(daemon);
            assertThat(ProcStat.isRunning(daemon)).isTrue();
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).contains("stopping pid " + daemon + " (sleep 303): its parent exited and it was reparented to us");
            // The summary comes last, after the clean-up it sums up.
            assertThat(run.stdoutLines().getLast()).isEqualTo("[orchestrator] all processes stopped");
            assertThat(ProcStat.isRunning(daemon)).isFalse();
        }
    }

    @Test
    void orphansReparentedToUsAreReapedAtOnceWhenTheyExit() throws IOException {
        var config = new ConfigBuilder();
        // A subshell starts a process in a new session and exits at once: the process is orphaned,
        // reparented to the orchestrator (the child subreaper), and exits a second later.
        config.shell("spawner", "(setsid sh -c 'echo $$$$ >> " + pidFile("orphans") + "; sleep 1' &); echo spawned; exec sleep 300");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[spawner] spawned");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile("orphans"))
                    && !Files.readString(pidFile("orphans")).isBlank());
            long orphan = Long.parseLong(Files.readAllLines(pidFile("orphans")).getFirst().trim());
            seen.add(orphan);
            await().atMost(Duration.ofSeconds(5)).until(() -> parentOf(orphan) == run.pid() || !ProcStat.isRunning(orphan));
            assertThat(parentOf(orphan)).as("reparented to the orchestrator").isIn(run.pid(), -1L);
            await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(Path.of("/proc/" + orphan)));
        }
    }

    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException e) {
            return -1;
        }
    }
}

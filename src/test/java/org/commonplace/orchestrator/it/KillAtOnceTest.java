package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.RuntimeLeftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second stop signal kills everything at once (issue 23, item 10a): also the daemons our children
 * left behind, which we adopted. Before, such a daemon that ignores SIGTERM still got SIGTERM and a
 * 5 s wait after "received SIGINT again: killing every process group now".
 */
final class KillAtOnceTest {
    @TempDir
    Path dir;

    private static final int SIGINT = 2;

    private final List<Long> seen = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        seen.stream().filter(ProcStat::isRunning).forEach(pid -> ProcessGroups.signalProcess(pid, ProcessGroups.SIGKILL));
        RuntimeLeftovers.remove(dir.resolve("test.json"));
    }

    @Test
    void aSecondSigintKillsAnAdoptedDaemonThatIgnoresTermWithoutWaiting() throws IOException {
        Path daemonPid = dir.resolve("daemon.pid");
        var config = new ConfigBuilder();
        // A child that ignores SIGTERM, with a daemon in its own session that ignores it too. The
        // daemon is adopted when the child is killed (we are the child subreaper).
        config.shell("stubborn", "setsid sh -c 'echo $$$$ > " + daemonPid + "; trap \"\" TERM; exec sleep 304' &"
                        + " trap '' TERM; echo up; while :; do sleep 0.2; done")
                .put("stop_timeout_ms", 60_000);
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[stubborn] up");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(daemonPid) && !Files.readString(daemonPid).isBlank());
            long daemon = Long.parseLong(Files.readString(daemonPid).trim());
            seen.add(daemon);
            run.signal(SIGINT);
            run.awaitStdout("received SIGINT: stopping all processes");
            run.awaitStdout("stopping stubborn \\(SIGTERM");
            // A SIGINT within a second of the first is the same request; later ones kill everything.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                run.signal(SIGINT);
                return run.stdout().contains("received SIGINT again: killing every process group now");
            });
            assertThat(run.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(ProcStat.isRunning(daemon)).isFalse();
            // Killed, and said so once: no "stopping pid" (SIGTERM) and no "did not stop within 5000 ms".
            assertThat(run.stdoutLines()).filteredOn(l -> l.contains("pid " + daemon + " ")).containsExactly(
                    "[orchestrator] killing pid " + daemon + " (sleep 304): its parent exited and it was reparented to us");
            assertThat(run.stdoutLines().getLast()).isEqualTo("[orchestrator] stopped; some processes had to be killed");
        }
    }

    /**
     * The first stop gives an adopted daemon 5 s after its SIGTERM, on the loop thread: a second
     * SIGINT meanwhile waited for the end of that grace, unheard, and then the daemon was killed
     * for not stopping. Now the second SIGINT is heard during the grace and kills it at once.
     */
    @Test
    void aSecondSigintDuringAnAdoptedDaemonsGraceKillsItNow() throws IOException {
        Path daemonPid = dir.resolve("daemon.pid");
        var config = new ConfigBuilder();
        // The child stops on SIGTERM; its daemon, adopted then, ignores SIGTERM.
        config.shell("parent", "setsid sh -c 'echo $$$$ > " + daemonPid + "; trap \"\" TERM; exec sleep 305' & echo up; exec sleep 1000");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[parent] up");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(daemonPid) && !Files.readString(daemonPid).isBlank());
            long daemon = Long.parseLong(Files.readString(daemonPid).trim());
            seen.add(daemon);
            run.signal(SIGINT);
            run.awaitStdout("stopping pid " + daemon + " \\(sleep 305\\): its parent exited");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                run.signal(SIGINT);
                return run.stdout().contains("killing pid " + daemon + " (sleep 305) now");
            });
            assertThat(run.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(ProcStat.isRunning(daemon)).isFalse();
            assertThat(run.stdout()).contains("received SIGINT again: killing every process group now")
                    .doesNotContain("did not stop within");
            assertThat(run.stdoutLines().getLast()).isEqualTo("[orchestrator] stopped; some processes had to be killed");
        }
    }
}

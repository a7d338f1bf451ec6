package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals other than a plain stop, sent to a real orchestrator: none of them may end it at once (the
 * default action of most signals, which left every child to the guard's SIGKILL with nothing said),
 * stop or restart a child, or put JVM output among the lines.
 */
final class SignalTest {
    private static final int SIGINT = 2;
    private static final int SIGQUIT = 3;
    private static final int SIGUSR1 = 10;
    private static final int SIGUSR2 = 12;
    /** Default action "terminate" (or core), and no meaning to a supervisor. */
    private static final Map<String, Integer> MEANINGLESS = Map.of("SIGALRM", 14, "SIGSTKFLT", 16, "SIGXCPU", 24,
            "SIGVTALRM", 26, "SIGPROF", 27, "SIGIO", 29, "SIGPWR", 30, "SIGSYS", 31);

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("signals.log");
    }

    private List<String> logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
    }

    private ConfigBuilder twoSleepers() {
        var config = new ConfigBuilder();
        config.fixture("db", Sleeper.class, log().toString(), "db");
        config.fixture("web", Sleeper.class, log().toString(), "web").put("depends_on", List.of("db"));
        return config;
    }

    @Test
    void usr1AlrmAndTheOtherMeaninglessSignalsAreSaidInOneLineEachAndChangeNothing() throws IOException {
        try (var run = OrchestratorRun.run(twoSleepers().writeTo(dir))) {
            long web = Pids.fromStartedLine(run.awaitStdout("started web "));
            run.awaitStdout("\\[db] db is up");
            run.awaitStdout("\\[web] web is up");
            run.signal(SIGUSR1);
            run.awaitStdout("\\[orchestrator] received SIGUSR1: it would reopen log files, and there are none; ignored");
            for (var signal : MEANINGLESS.entrySet()) {
                run.signal(signal.getValue());
                run.awaitStdout("\\[orchestrator] received " + signal.getKey() + ": ignored$");
            }
            assertThat(run.isAlive()).isTrue();
            assertThat(ProcStat.isRunning(web)).isTrue();
            assertThat(logLines()).isEmpty();
            assertThat(run.stdoutLines()).filteredOn(l -> l.startsWith("[orchestrator] started ")).hasSize(2);
            assertThat(run.stdoutLines()).filteredOn(l -> l.startsWith("[orchestrator] received ")).hasSize(1 + MEANINGLESS.size());

            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stderr()).isEmpty();
        }
    }

    @Test
    void usr2PrintsTheProcessTableWithoutAStraySignalWarning() throws IOException {
        try (var run = OrchestratorRun.run(twoSleepers().writeTo(dir))) {
            long db = Pids.fromStartedLine(run.awaitStdout("started db "));
            long web = Pids.fromStartedLine(run.awaitStdout("started web "));
            run.awaitStdout("\\[db] db is up");
            run.awaitStdout("\\[web] web is up");
            run.signal(SIGUSR2);
            run.awaitStdout("\\[orchestrator] received SIGUSR2: 2 processes");
            run.awaitStdout("\\[orchestrator]   db   running      pid " + db + " +restarts 0");
            run.awaitStdout("\\[orchestrator]   web  running      pid " + web + " +restarts 0");
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(logLines()).containsExactly("web TERM", "db TERM");
            assertThat(run.stdout()).doesNotContain("stray SR signal");
            assertThat(run.stderr()).isEmpty();
        }
    }

    @Test
    void sigquitPrintsNoThreadDumpAndStopsNothing() throws IOException {
        try (var run = OrchestratorRun.run(twoSleepers().writeTo(dir))) {
            run.awaitStdout("\\[db] db is up");
            run.awaitStdout("\\[web] web is up");
            run.signal(SIGQUIT);
            // Something said after the SIGQUIT, in order, shows it has been dealt with.
            run.signal(SIGUSR1);
            run.awaitStdout("received SIGUSR1");
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(logLines()).containsExactly("web TERM", "db TERM");
            assertThat(run.stdout()).doesNotContain("Full thread dump", "\"main\"");
            assertThat(run.stderr()).isEmpty();
        }
    }

    /** A script's {@code orchestrator &} inherits SIGINT ignored; an explicit kill -INT must still stop it. */
    @Test
    void sigintInheritedAsIgnoredStillStopsEverything() throws IOException {
        Path config = twoSleepers().writeTo(dir);
        try (var run = OrchestratorRun.startWithSigintIgnored("run", "--config", config.toString())) {
            run.awaitStdout("\\[db] db is up");
            run.awaitStdout("\\[web] web is up");
            run.signal(SIGINT);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).contains("received SIGINT: stopping all processes");
            assertThat(logLines()).containsExactly("web TERM", "db TERM");
        }
    }
}

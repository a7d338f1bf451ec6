package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.fixtures.Ticker;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a random supervised process (or its whole group) every 50–250 ms while all of them write
 * output, until 80 kills have landed (at most 30 s). Afterwards the orchestrator is alive, every
 * process runs again, each kill was answered by exactly one restart, no line was mixed, and a
 * SIGTERM leaves no survivor. (It was 30 s of a kill every 100–500 ms; ended by their number
 * instead, a loaded machine gets as many kills as a quiet one, and a quiet one is done sooner.)
 */
final class ChaosTest {
    private static final List<String> NAMES = List.of("t1", "t2", "t3", "t4");
    /** The chaos ends after this many kills... */
    private static final int KILLS = 80;
    /** ...or after this long, whichever comes first. */
    private static final long CHAOS_MS = 30_000;

    @TempDir
    Path dir;

    @Test
    void eightyRandomKillsAreAllAnsweredAndNothingIsMixedOrLeftBehind() {
        var config = new ConfigBuilder();
        for (String name : NAMES) {
            config.fixture(name, Ticker.class, name, "2").put("restart", ConfigBuilder.restart("always", 10, 50));
        }
        var random = new Random(42);
        Map<String, Integer> kills = new ConcurrentHashMap<>();
        Set<Long> everyPid = ConcurrentHashMap.newKeySet();
        Set<Long> killed = ConcurrentHashMap.newKeySet();
        var chaos = Executors.newSingleThreadScheduledExecutor();
        var chaosOver = new AtomicBoolean();
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            for (String name : NAMES) {
                run.awaitStdout("\\[" + name + "] " + name + "-\\d+-0 ");
            }
            long end = System.nanoTime() + CHAOS_MS * 1_000_000;
            // The chaos is a schedule of kills 100–500 ms apart, each planning the next; the test
            // thread only waits for the schedule to be over.
            Runnable[] strike = new Runnable[1];
            strike[0] = () -> {
                if (System.nanoTime() >= end || kills.values().stream().mapToInt(Integer::intValue).sum() >= KILLS) {
                    chaosOver.set(true);
                    return;
                }
                String name = NAMES.get(random.nextInt(NAMES.size()));
                long pid = latestPid(run, name);
                everyPid.add(pid);
                if (killed.add(pid) && ProcStat.isRunning(pid)) {
                    boolean group = random.nextBoolean();
                    boolean delivered = group ? ProcessGroups.signal(pid, ProcessGroups.SIGKILL)
                            : ProcessGroups.signalProcess(pid, ProcessGroups.SIGKILL);
                    if (delivered) {
                        kills.merge(name, 1, Integer::sum);
                    }
                }
                chaos.schedule(strike[0], 50 + random.nextInt(201), TimeUnit.MILLISECONDS);
            };
            chaos.execute(strike[0]);
            await().atMost(Duration.ofMillis(CHAOS_MS + 10_000)).untilTrue(chaosOver);
            assertThat(run.isAlive()).isTrue();
            for (String name : NAMES) {
                int expectedStarts = 1 + kills.getOrDefault(name, 0);
                run.awaitStdoutCount("^\\[orchestrator] started " + name + " ", expectedStarts, Duration.ofSeconds(30));
                long pid = latestPid(run, name);
                everyPid.add(pid);
                await().atMost(Duration.ofSeconds(10)).until(() -> ProcStat.isRunning(pid));
                assertThat(count(run, "^\\[orchestrator] restarting " + name + " in ")).as("restarts of " + name)
                        .isEqualTo((long) kills.getOrDefault(name, 0));
            }
            assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(50);

            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            var line = Pattern.compile("^\\[orchestrator] .*|^\\[(t[1-4])] \\1-\\d+-\\d+ " + Ticker.PADDING + "$");
            assertThat(run.stdoutLines()).allSatisfy(l -> assertThat(line.matcher(l).matches()).as("intact line: %s", l).isTrue());
            assertThat(everyPid).noneMatch(ProcStat::isRunning);
        } finally {
            chaos.shutdownNow();
        }
    }

    private static long latestPid(OrchestratorRun run, String name) {
        var started = run.stdoutLines().stream().filter(l -> l.startsWith("[orchestrator] started " + name + " ")).toList();
        return Pids.fromStartedLine(started.getLast());
    }

    private static long count(OrchestratorRun run, String regex) {
        var pattern = Pattern.compile(regex);
        return run.stdoutLines().stream().filter(l -> pattern.matcher(l).find()).count();
    }
}

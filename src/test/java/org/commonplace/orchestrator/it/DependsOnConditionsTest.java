package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27, items 1, 2 and 4, through a real orchestrator with real children: compose's long syntax of
 * {@code depends_on} (conditions, {@code timeout_ms}), a dependent bound with {@code "restart": true}
 * that goes down with its dependency (SIGKILLed) and comes back after it, and success exit codes.
 */
final class DependsOnConditionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Map<String, Object> on(String condition, Object... more) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("condition", condition);
        for (int i = 0; i < more.length; i += 2) {
            entry.put((String) more[i], more[i + 1]);
        }
        return entry;
    }

    @Test
    void aDependentBoundToItsDependencyStopsWhenItIsKilledAndStartsAgainAfterIt() {
        var config = new ConfigBuilder();
        config.shell("db", "echo db up; exec sleep 60").put("restart", ConfigBuilder.restart("always", 100, 100));
        config.shell("svc", "echo svc up; exec sleep 60").put("depends_on", Map.of("db", on("service_healthy", "restart", true)));
        config.shell("report", "echo report up; exec sleep 60").put("depends_on", List.of("db"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[svc] svc up", WAIT);
            run.awaitStdout("\\[report] report up", WAIT);
            long pid = pid(run.awaitStdout("started db \\(pid \\d+\\)", WAIT));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
            run.awaitStdoutCount("\\[svc] svc up", 2, WAIT);
            List<String> lines = run.stdoutLines();
            int killed = indexOf(lines, "[orchestrator] db was killed by SIGKILL", 0);
            int follows = indexOf(lines, "[orchestrator] svc restarts with db (\"restart\": true)", 0);
            int dbAgain = indexOf(lines, "[orchestrator] started db ", killed);
            int svcAgain = indexOf(lines, "[orchestrator] started svc ", follows);
            assertThat(killed).as(run.stdout()).isNotNegative();
            assertThat(follows).as(run.stdout()).isGreaterThan(killed);
            assertThat(dbAgain).as(run.stdout()).isGreaterThan(killed);
            assertThat(svcAgain).as("svc starts again after db: " + run.stdout()).isGreaterThan(dbAgain);
            assertThat(lines.stream().filter(l -> l.startsWith("[orchestrator] started report "))).as("not bound: left running").hasSize(1);
        }
    }

    @Test
    void conditionsTimeoutsAndSuccessCodesDecideWhenDependentsStart() {
        var config = new ConfigBuilder();
        var seedRestart = ConfigBuilder.restart("on_failure", 100, 100);
        seedRestart.put("success_exit_codes", List.of(0, 3));
        config.shell("seed", "echo seeding; exit 3").put("restart", seedRestart);
        config.shell("lint", "echo linting; exit 5").put("restart", ConfigBuilder.restart("never", 0, 0));
        config.shell("sync", "echo syncing; exec sleep 60").put("ready", Map.of("log", "initial-complete"));
        config.shell("app", "echo app up; exec sleep 60").put("depends_on", Map.of(
                "seed", on("service_completed_successfully"),
                "lint", on("service_completed"),
                "sync", on("service_healthy", "timeout_ms", 300)));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[app] app up", WAIT);
            assertThat(run.stdout()).contains("[orchestrator] app goes on without sync (log /initial-complete/): not service_healthy"
                    + " after 300 ms (timeout_ms)");
            assertThat(run.stdout()).as("3 is a success: seed is not restarted").containsOnlyOnce("[seed] seeding");
            assertThat(run.stdout()).contains("seed will not be restarted (restart policy on_failure)");
        }
    }

    private static long pid(String line) {
        Matcher m = Pattern.compile("\\(pid (\\d+)\\)").matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}

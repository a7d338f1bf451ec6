package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-shot dependencies ({@code "ready": {"exit": 0}}) through a real orchestrator. Before them, a
 * dependency without {@code ready} was ready the moment it started, so {@code app} started beside a
 * {@code migrate} that then failed, though the README promised "has finished cleanly for good".
 */
final class OneShotTest {
    @TempDir
    Path dir;

    @Test
    void anAppStartsOnlyOnceItsMigrationHasExitedZero() {
        var config = new ConfigBuilder();
        config.shell("migrate", "echo migrating; sleep 1; echo migrated")
                .putAll(Map.of("restart", ConfigBuilder.restart("never", 0, 0), "ready", Map.of("exit", 0)));
        config.shell("app", "echo app up; sleep 60").put("depends_on", List.of("migrate"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[app] app up");
            List<String> lines = run.stdoutLines();
            int migrated = indexOf(lines, "[migrate] migrated");
            int finished = indexOf(lines, "[orchestrator] migrate finished (exit code 0) after");
            int appStarted = indexOf(lines, "[orchestrator] started app ");
            assertThat(migrated).as("migration output").isNotNegative();
            assertThat(finished).as("finished line after the migration's output").isGreaterThan(migrated);
            assertThat(appStarted).as("app started after migrate finished").isGreaterThan(finished);
        }
    }

    @Test
    void whenTheMigrationFailsForGoodTheAppNeverStartsTheLogSaysWhyAndTheExitCodeIsOne() {
        var config = new ConfigBuilder();
        config.shell("migrate", "echo cannot migrate; exit 3")
                .putAll(Map.of("restart", ConfigBuilder.restart("never", 0, 0), "ready", Map.of("exit", 0)));
        config.shell("app", "echo app up; sleep 60").put("depends_on", List.of("migrate"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(run.stdout()).contains("[orchestrator] app will never start: migrate (failed: exited with code 3) ended for good")
                    .contains("never started (a dependency ended for good): app");
            assertThat(run.stdout()).doesNotContain("started app").doesNotContain("app up");
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}

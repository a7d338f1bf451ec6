package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.fixtures.PrintArgs;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --only, --disable, --extra-args, cwd and env with real processes. */
final class OptionsTest {
    @TempDir
    Path dir;

    private ConfigBuilder twoTier() {
        var config = new ConfigBuilder();
        config.fixture("db", Sleeper.class, dir.resolve("log").toString(), "db");
        config.fixture("app", Sleeper.class, dir.resolve("log").toString(), "app").put("depends_on", List.of("db"));
        return config;
    }

    @Test
    void onlyRunsThatProcessWithoutItsDependenciesAndSupervisesIt() {
        try (var run = OrchestratorRun.run(twoTier().writeTo(dir), "--only", "app")) {
            run.awaitStdout("\\[app] app is up");
            assertThat(run.stdout()).doesNotContain("started db");
            assertThat(run.isAlive()).as("still supervising").isTrue();
        }
    }

    @Test
    void disableSkipsAProcessAndItsDependentsStartWithAWarning() {
        try (var run = OrchestratorRun.run(twoTier().writeTo(dir), "--disable", "db")) {
            run.awaitStdout("\\[app] app is up");
            assertThat(run.stdout()).doesNotContain("started db");
            assertThat(run.stdout()).contains("warning: app depends on db, which is disabled; starting app anyway");
        }
    }

    @Test
    void extraArgsAreShellSplitAndAppended() {
        var config = new ConfigBuilder();
        config.fixture("p", PrintArgs.class, "first");
        try (var run = OrchestratorRun.run(config.writeTo(dir), "--extra-args", "p=--port 3001 'two words'")) {
            run.awaitStdout("\\[p] args: first\\|--port\\|3001\\|two words$");
        }
    }

    @Test
    void cwdIsRelativeToTheConfigFolderAndEnvIsAddedWithPythonUnbuffered() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("work/sub"));
        var config = new ConfigBuilder();
        var p = config.fixture("p", PrintArgs.class);
        p.put("cwd", "work/sub");
        p.put("env", Map.of("ECHO_ENV", "GREETING", "GREETING", "hello there"));
        config.fixture("py", PrintArgs.class).put("env", Map.of("ECHO_ENV", "PYTHONUNBUFFERED"));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout("\\[p] env GREETING=hello there$");
            run.awaitStdout("\\[p] cwd: " + sub.toRealPath());
            run.awaitStdout("\\[py] env PYTHONUNBUFFERED=1$");
        }
    }

    /** Issue 15, item 4: {@code x\0y} reached the child as {@code x}; now nothing starts. */
    @Test
    void anArgumentWithANulIsRejectedAtLoadInsteadOfReachingTheChildCutShort() {
        var config = new ConfigBuilder();
        config.fixture("p", PrintArgs.class, "x\0y");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(java.time.Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(run.stderr()).contains("\"x\\u0000y\" contains a NUL character (\\u0000)");
            assertThat(run.stdout()).doesNotContain("[p] args");
        }
    }
}

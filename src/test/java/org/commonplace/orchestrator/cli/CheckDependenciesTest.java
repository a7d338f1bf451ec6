package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27: {@code check} prints the conditions of {@code depends_on}'s long syntax and the success exit
 * codes; the run plan starts a process without a disabled or missing dependency that is not required,
 * without a warning.
 */
final class CheckDependenciesTest {
    @TempDir
    Path dir;

    @Test
    void checkPrintsEachConditionBesideItsDependencyAndTheSuccessCodes() throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {
                  "db": {"command": "x"},
                  "migrate": {"command": "x", "restart": {"policy": "on_failure", "success_exit_codes": [0, 3]},
                              "ready": {"exit": "any"}},
                  "app": {"command": "x", "depends_on": {
                    "db": {"condition": "service_healthy", "restart": true},
                    "migrate": {"condition": "service_completed", "required": false, "timeout_ms": 120000}}},
                  "web": {"command": "x", "depends_on": ["db"]}}}
                """);
        var bytes = new ByteArrayOutputStream();
        CheckCommand.print(new ConfigLoader(true).load(file).config().orElseThrow(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.startsWith("app: "))).singleElement().asString()
                .contains("; depends on db (service_healthy, restart), migrate (service_completed, not required, timeout 120000 ms);");
        assertThat(out.lines().filter(l -> l.startsWith("web: "))).singleElement().asString().contains("; depends on db;");
        assertThat(out.lines().filter(l -> l.startsWith("migrate: "))).singleElement().asString()
                .contains("restart on_failure (backoff 500 ms, max 10000 ms, success_exit_codes [0, 3])")
                .endsWith("; ready when exit with any code (no timeout)");
    }

    @Test
    void aDependencyNotRequiredThatIsDisabledOrMissingIsLeftOutWithoutAWarning() throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {
                  "cache": {"command": "x"},
                  "db": {"command": "x"},
                  "app": {"command": "x", "depends_on": {
                    "cache": {"condition": "service_started", "required": false},
                    "metrics": {"condition": "service_started", "required": false},
                    "db": {"condition": "service_healthy"}}}}}
                """);
        var options = new RunOptions();
        options.disable.add("cache");
        options.disable.add("db");
        RunPlan plan = RunPlanner.plan(new ConfigLoader(false).load(file).config().orElseThrow(), options);
        assertThat(plan.processes()).singleElement().satisfies(app -> assertThat(app.dependsOn()).isEmpty());
        assertThat(plan.warnings()).singleElement().asString().contains("app depends on db, which is disabled");
    }
}

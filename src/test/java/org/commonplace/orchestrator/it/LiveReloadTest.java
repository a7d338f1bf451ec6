package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files edited while a real orchestrator runs (issue 25 item 4, issue 28 item 3): {@code watch_config}
 * reloads an edited config as {@code reload} does, says an invalid one once, and applies the next valid
 * one; a process's {@code "watch"} restarts it when a source file it matches changes, in one line that
 * names the file. Before, nothing watched any file: none of this happened.
 */
final class LiveReloadTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static long pidOf(OrchestratorRun run, String name) {
        return Pids.fromStartedLine(run.awaitStdout("started " + name + " \\(pid \\d+\\)", WAIT));
    }

    private static long count(String text, String fragment) {
        return text.lines().filter(l -> l.contains(fragment)).count();
    }

    @Test
    void anEditedConfigIsAppliedAndAProcessItDidNotChangeKeepsItsPid() throws Exception {
        var config = new ConfigBuilder().top("watch_config", true);
        config.shell("keep", "echo keep up; exec sleep 1000");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[keep] keep up", WAIT);
            long pid = pidOf(run, "keep");

            config.shell("added", "echo added up; exec sleep 1000");
            config.writeTo(dir);
            run.awaitStdout("\\[added] added up", WAIT);
            assertThat(run.awaitStdout("reloaded the config")).contains("started: added").contains("kept: keep");
            assertThat(run.stdout()).contains("test.json changed: reloading the config");

            // The .env beside the config is read with it (${VAR}): its edit reloads too.
            Files.writeString(dir.resolve(".env"), "PORT=3000\n");
            run.awaitStdout("\\.env changed: reloading the config", WAIT);
            run.awaitStdoutCount("reloaded the config", 2, WAIT);
            assertThat(count(run.stdout(), "started keep (pid")).isEqualTo(1);
            assertThat(pidOf(run, "keep")).isEqualTo(pid);
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        }
    }

    @Test
    void aFileAppearingInAnIncludedFolderStartsItsProcessesAndOneRemovedStopsThem() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("processes.d"));
        var config = new ConfigBuilder().top("watch_config", true).top("include", List.of("processes.d/*.json"));
        config.shell("keep", "echo keep up; exec sleep 1000");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[keep] keep up", WAIT);
            long pid = pidOf(run, "keep");

            Path extra = folder.resolve("extra.json");
            Files.writeString(extra, """
                    {"processes": {"extra": {"command": "sh", "args": ["-c", "echo extra up; exec sleep 1000"]}}}
                    """);
            run.awaitStdout("\\[extra] extra up", WAIT);
            assertThat(run.awaitStdout("reloaded the config")).contains("started: extra").contains("kept: keep");
            long extraPid = pidOf(run, "extra");

            Files.delete(extra);
            await().atMost(WAIT).until(() -> ProcessHandle.of(extraPid).map(p -> !p.isAlive()).orElse(true));
            run.awaitStdoutCount("reloaded the config", 2, WAIT);
            assertThat(pidOf(run, "keep")).isEqualTo(pid);
            assertThat(count(run.stdout(), "started keep (pid")).isEqualTo(1);
        }
    }

    @Test
    void anInvalidEditChangesNothingIsSaidOnceWithItsErrorsAndTheNextValidEditApplies() throws Exception {
        var config = new ConfigBuilder();
        config.shell("keep", "echo keep up; exec sleep 1000");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file, "--watch-config")) {
            run.awaitStdout("\\[keep] keep up", WAIT);
            long pid = pidOf(run, "keep");

            config.shell("broken", "echo never").put("args", 5);
            config.writeTo(dir);
            run.awaitStdout("test.json changed: the config has errors; nothing was changed \\(the next valid edit applies\\)", WAIT);
            run.awaitStdout("error: processes.broken.args: expected an array of strings", WAIT);
            // Saved again as it is: not said again.
            config.writeTo(dir);
            await().during(Duration.ofSeconds(2)).atMost(WAIT)
                    .until(() -> count(run.stdout(), "the config has errors") == 1);

            config.shell("broken", "echo fixed up; exec sleep 1000");
            config.writeTo(dir);
            run.awaitStdout("\\[broken] fixed up", WAIT);
            assertThat(run.awaitStdout("reloaded the config")).contains("started: broken").contains("kept: keep");
            assertThat(count(run.stdout(), "the config has errors")).isEqualTo(1);
            assertThat(count(run.stdout(), "processes.broken.args")).isEqualTo(1);
            assertThat(pidOf(run, "keep")).isEqualTo(pid);
            assertThat(count(run.stdout(), "started keep (pid")).isEqualTo(1);
        }
    }

    @Test
    void aWatchedSourceFileThatChangesRestartsTheProcessInOneLineNamingTheFile() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/app.py"), "print('v1')\n");
        var config = new ConfigBuilder();
        config.shell("web", "echo web up; exec sleep 1000")
                .put("watch", Map.of("paths", List.of("src/**/*.py"), "ignore", List.of("src/generated/**"), "debounce_ms", 100));
        config.shell("other", "echo other up; exec sleep 1000");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[web] web up", WAIT);
            run.awaitStdout("\\[other] other up", WAIT);
            long web = pidOf(run, "web");
            long other = pidOf(run, "other");

            // Neither a file the globs do not match, nor one they ignore, restarts it.
            Files.writeString(dir.resolve("src/notes.txt"), "not python\n");
            Files.createDirectories(dir.resolve("src/generated"));
            Files.writeString(dir.resolve("src/generated/out.py"), "generated\n");
            // A new folder is watched as it appears; a file made in it restarts the process.
            Files.createDirectories(dir.resolve("src/pkg"));
            Files.writeString(dir.resolve("src/pkg/mod.py"), "print('v2')\n");

            String line = run.awaitStdout("restarting web: ", WAIT);
            assertThat(line).endsWith("restarting web: src/pkg/mod.py changed");
            run.awaitStdoutCount("started web \\(pid \\d+\\)", 2, WAIT);
            Pattern started = Pattern.compile("started web \\(pid (\\d+)\\)");
            long newPid = run.stdoutLines().stream().map(started::matcher).filter(java.util.regex.Matcher::find)
                    .map(m -> Long.parseLong(m.group(1))).reduce((a, b) -> b).orElseThrow();
            assertThat(newPid).isNotEqualTo(web);
            assertThat(count(run.stdout(), "restarting web")).isEqualTo(1);
            assertThat(pidOf(run, "other")).isEqualTo(other);
            assertThat(count(run.stdout(), "started other (pid")).isEqualTo(1);
        }
    }
}

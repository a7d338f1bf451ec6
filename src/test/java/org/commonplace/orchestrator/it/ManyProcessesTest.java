package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of processes through a real orchestrator (issue 14): they are started side by side on
 * several threads, so each child's pipes must still be its own, and a stop of all of them must end
 * every one.
 */
final class ManyProcessesTest {
    private static final int COUNT = 300;
    private static final Pattern STARTED = Pattern.compile("\\[orchestrator] started (p\\d{3}) \\(pid (\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void moreProcessesThanTheLimitOfOpenFilesAllowsIsWarnedAboutBeforeAnythingStarts() {
        var config = new ConfigBuilder();
        for (int i = 0; i < 60; i++) {
            config.shell("q%02d".formatted(i), "exec sleep 60");
        }
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.start(List.of("/usr/bin/prlimit", "--nofile=200:200", "--"), List.of(), java.util.Map.of(),
                "run", "--config", file.toString())) {
            run.awaitStdout("\\[orchestrator] warning: 60 processes need about 244 open files \\(three per child\\), more than the limit of 200"
                    + " \\(ulimit -n\\)", Duration.ofSeconds(30));
            run.signal(15);
            run.awaitExit(Duration.ofSeconds(30));
        }
    }

    @Test
    void threeHundredStartedTogetherEachSpeakUnderTheirOwnNameAndAllStop() {
        var config = new ConfigBuilder();
        for (int i = 0; i < COUNT; i++) {
            String name = "p%03d".formatted(i);
            // Each says its own name on both streams, then stays: a mix-up of pipes would show.
            config.shell(name, "echo out of " + name + "; echo err of " + name + " >&2; exec sleep 60");
        }
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdoutCount("^\\[(p\\d{3})] out of \\1$", COUNT, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).until(() -> run.stderr().lines().filter(l -> l.matches("^\\[(p\\d{3})] err of \\1$")).count() == COUNT);
            List<String> lines = run.stdoutLines();
            var spoken = new ArrayList<>(lines);
            spoken.addAll(run.stderr().lines().toList());
            assertThat(spoken.stream().filter(l -> l.matches("^\\[p\\d{3}] (out|err) of .*"))
                    .filter(l -> !l.matches("^\\[(p\\d{3})] (out|err) of \\1$")))
                    .as("lines under another process's name").isEmpty();
            assertThat(lines).filteredOn(l -> l.matches("^\\[p\\d{3}] err of .*")).as("stderr lines on stdout").isEmpty();
            var pids = new ArrayList<Long>();
            for (String line : lines) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    pids.add(Long.parseLong(m.group(2)));
                }
            }
            assertThat(pids).as("one start line per process").hasSize(COUNT).doesNotHaveDuplicates();
            assertThat(pids).allSatisfy(pid -> assertThat(Path.of("/proc/" + pid)).exists());

            run.signal(15);
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).contains("all processes stopped");
            await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(pid -> Files.exists(Path.of("/proc/" + pid))));
        }
    }
}

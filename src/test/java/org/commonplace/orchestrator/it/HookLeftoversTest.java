package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.runtime.RuntimeDir;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orchestrator SIGKILLed while an {@code on_failure} hook runs cannot remove the hook's lines file
 * (a crash's last lines, private output) from its runtime folder. Before, it stayed there for good;
 * now the next start of the same config removes it, and only it: another config's lines file and a
 * link that only looks like one are left alone, and nothing a link points to is touched.
 */
final class HookLeftoversTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theNextStartRemovesTheLinesFileOfAHookThatRanWhenTheOrchestratorWasKilledAndNothingElse() throws Exception {
        var config = new ConfigBuilder();
        var crashy = config.shell("crashy", "echo boom; exit 3");
        crashy.put("restart", ConfigBuilder.restart("never", 100, 100));
        crashy.put("on_failure", Map.of("command", List.of("/bin/sh", "-c", "echo \"$LINES_FILE\" > where.out; if [ -e hold ]; then exec sleep 60; fi"),
                "timeout_ms", 60_000));
        Path file = config.writeTo(dir);
        Path where = dir.resolve("where.out");
        Path hold = Files.writeString(dir.resolve("hold"), "the first run's hook runs until it is killed\n");
        Path left;
        try (var run = OrchestratorRun.run(file).allowUncleanStop("killed with SIGKILL while its hook runs")) {
            await().atMost(WAIT).until(() -> Files.exists(where) && Files.readString(where).endsWith(".lines\n"));
            left = Path.of(Files.readString(where).strip());
            run.signal(9);
            run.awaitExit(WAIT);
        }
        assertThat(left).exists().hasParent(RuntimeDir.open());

        // What the next start must not remove: another config's lines file, and a link named like ours.
        String ours = left.getFileName().toString();
        Path others = RuntimeDir.open().resolve("crash-00000000000000ff-crashy-0123456789abcdef.lines");
        Files.writeString(others, "another config's\n");
        Path target = Files.writeString(dir.resolve("target.txt"), "not ours to remove\n");
        Path link = left.resolveSibling(ours.replace(".lines", "0.lines"));
        Files.createSymbolicLink(link, target);
        try {
            Files.delete(where);
            Files.delete(hold);
            try (var again = OrchestratorRun.run(file).allowUncleanStop("its one process fails on purpose, so the run may end 1")) {
                await().atMost(WAIT).until(() -> Files.exists(where));
                await().atMost(WAIT).until(() -> !Files.exists(left));
                again.awaitStdout("removed 1 on_failure lines file left by a run that was killed while its hook ran", WAIT);
            }
            assertThat(others).exists();
            assertThat(Files.isSymbolicLink(link)).as("a link is never ours").isTrue();
            assertThat(target).hasContent("not ours to remove");
        } finally {
            Files.deleteIfExists(others);
            Files.deleteIfExists(link);
        }
    }
}

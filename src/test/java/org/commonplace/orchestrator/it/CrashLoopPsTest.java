package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, item 2: {@code ps} of a crash-looping process shows what the supervisor knows, and the
 * supervisor knows of an exit at once. The child leaves a grandchild holding its output pipe, so its
 * output never ends with it: the exit used to be held back 200 ms for that output, and {@code ps}
 * showed the dead pid running (or, rewritten by the view, {@code stopped} with no pid).
 */
final class CrashLoopPsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> LIVE = Set.of("running", "starting", "stopping");

    @TempDir
    Path dir;

    @Test
    void aCrashLoopingProcessIsNeverShownRunningADeadPidNorStopped() throws Exception {
        var config = new ConfigBuilder();
        config.shell("crashy", "sleep 30 & sleep 0.2; echo bye; exit 1").put("restart", ConfigBuilder.restart("always", 100, 100));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            Path socket = RunFiles.of(file).socket();
            await().atMost(WAIT).until(() -> java.nio.file.Files.exists(socket));
            var wrongAnswers = new ArrayList<Integer>();
            for (int cycle = 0; cycle < 6; cycle++) {
                // A run of the child, seen live with its pid...
                long pid = await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                        .until(() -> live(crashy(socket)), p -> p > 0);
                // ...has ended (a zombie, or reaped): from now on the supervisor knows, and so must ps.
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> ProcStat.hasEnded(pid));
                // A ps that set out at this instant may still be served before the exit reaches the
                // loop (the I/O loop's thread must run first): count the answers that show it running.
                int wrong = 0;
                while (live(crashy(socket)) == pid) {
                    wrong++;
                    assertThat(wrong).as("pid %d still shown running", pid).isLessThan(10_000);
                }
                wrongAnswers.add(wrong);
            }
            // The exit used to be held back 200 ms for output the grandchild holds: every cycle gave
            // answer after answer with the dead pid running. Now at most the one already under way.
            assertThat(wrongAnswers).as("answers showing the ended pid running, per cycle").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));
            // The child's last line still comes before the line that says it exited.
            List<String> lines = run.stdoutLines().stream().filter(l -> l.equals("[crashy] bye") || l.contains("crashy exited with")).toList();
            assertThat(lines).isNotEmpty();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("exited with")) {
                    assertThat(i > 0 && lines.get(i - 1).equals("[crashy] bye")).as("%s", lines).isTrue();
                }
            }
        }
    }

    /** {@return the pid of a live-looking state, or 0} */
    private static long live(JsonNode crashy) {
        return LIVE.contains(crashy.path("state").asText()) ? crashy.path("pid").asLong() : 0;
    }

    /** {@return crashy's object in a ps reply, checked: while it crash-loops it is never stopped, never live without a pid} */
    private static JsonNode crashy(Path socket) {
        JsonNode p = ControlClient.ask(socket, "{\"cmd\":\"ps\"}").path("processes").path(0);
        assertThat(p.path("state").asText()).as("%s", p).isNotEqualTo("stopped");
        if (LIVE.contains(p.path("state").asText())) {
            assertThat(p.path("pid").asLong()).as("%s", p).isPositive();
        }
        return p;
    }
}

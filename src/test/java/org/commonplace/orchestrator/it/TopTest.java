package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Tmux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code top} driven in a real pseudo-terminal (tmux, 80×24) against a real orchestrator. */
final class TopTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String UP = "echo up; exec sleep 1000";
    private static final String COUNTER = "i=0; while true; do i=$((i+1)); echo beta-line-$i; sleep 0.3; done";

    @TempDir
    Path dir;

    private Path config() {
        var config = new ConfigBuilder();
        config.shell("alpha", UP);
        config.shell("beta", COUNTER);
        config.shell("gamma", UP);
        return config.writeTo(dir);
    }

    private static String topInTerminal(Path file) {
        return "echo BEFORE-TOP; " + Tmux.orchestrator("top", "--config", file.toString()) + "; echo EXIT=$?; sleep 300";
    }

    @Test
    void topShowsEveryProcessRestartsOnlyTheSelectedOneFollowsItsOutputAndQRestoresTheScreen() {
        Path file = config();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[beta\\] beta-line-1", WAIT);
            try (var terminal = Tmux.start(80, 24, topInTerminal(file))) {
                showsRestartsFollowsAndRestores(file, terminal);
            }
        }
    }

    private static void showsRestartsFollowsAndRestores(Path file, Tmux terminal) {
        terminal.awaitScreen("^alpha +running +\\d+", WAIT);
        terminal.awaitScreen("^beta +running +\\d+", WAIT);
        terminal.awaitScreen("^gamma +running +\\d+", WAIT);
        assertThat(terminal.screen()).contains("r restart").contains("q quit").contains("output: all");
        long alpha = ControlClient.process(file, "alpha").path("pid").asLong();
        long beta = ControlClient.process(file, "beta").path("pid").asLong();
        long gamma = ControlClient.process(file, "gamma").path("pid").asLong();

        // j selects beta; Enter shows its output, which follows as the process prints.
        terminal.keys("j", "Enter");
        int first = lastCounter(terminal.awaitScreen("output: beta", WAIT));
        terminal.awaitScreen("^beta-line-" + (first + 3) + "$", WAIT);

        terminal.keys("r");
        terminal.awaitScreen("restarted beta \\(pid \\d+\\)", WAIT);
        JsonNode after = ControlClient.process(file, "beta");
        assertThat(after.path("pid").asLong()).isNotEqualTo(beta);
        assertThat(after.path("restarts").asInt()).isEqualTo(1);
        assertThat(ControlClient.process(file, "alpha").path("pid").asLong()).isEqualTo(alpha);
        assertThat(ControlClient.process(file, "gamma").path("pid").asLong()).isEqualTo(gamma);
        terminal.awaitScreen("^beta +running +" + after.path("pid").asLong() + " ", WAIT);

        terminal.keys("q");
        String restored = terminal.awaitScreen("^EXIT=0$", WAIT);
        assertThat(restored).startsWith("BEFORE-TOP\n").doesNotContain("NAME").doesNotContain("output:");
    }

    @Test
    void theOrchestratorsExitIsReportedAndTopExitsWithOne() {
        Path file = config();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[gamma\\] up", WAIT);
            try (var terminal = Tmux.start(80, 24, topInTerminal(file))) {
                terminal.awaitScreen("^gamma +running", WAIT);
                run.signal(15);
                String screen = terminal.awaitScreen("^EXIT=1$", WAIT);
                assertThat(screen).contains("the orchestrator has gone away").doesNotContain("NAME");
            }
        }
    }

    @Test
    void withoutATerminalTopSaysSoAndExitsWithTwo() {
        Path file = config();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[gamma\\] up", WAIT);
            var top = ControlClient.run(file, "top");
            assertThat(top.code()).isEqualTo(2);
            assertThat(top.err()).contains("top needs a terminal");
            assertThat(top.out()).isEmpty();
        }
    }

    private static int lastCounter(String screen) {
        Matcher m = Pattern.compile("^beta-line-(\\d+)$", Pattern.MULTILINE).matcher(screen);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}

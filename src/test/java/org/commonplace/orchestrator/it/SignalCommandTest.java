package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.ControlClient.Result;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signal NAME... SIGNAL}: real signals to a real process group. The main shell and a shell it
 * started in the background (same group) each say which signal they caught, so the test sees who got it.
 */
final class SignalCommandTest {
    @TempDir
    Path dir;

    private static final String KID = "trap 'echo kid got HUP' HUP; trap 'echo kid got USR1' USR1; echo kid up; "
            + "while :; do sleep 0.1; done";
    private static final String MAIN = "trap 'echo main got HUP' HUP; trap 'echo main got USR1' USR1; "
            + "sh -c \"" + KID + "\" & echo main up; while :; do sleep 0.1; done";

    private Path config() {
        var config = new ConfigBuilder();
        config.shell("web", MAIN);
        config.shell("done", "exit 0").put("restart", ConfigBuilder.restart("never", 100, 100));
        return config.writeTo(dir);
    }

    @Test
    void aSignalGoesToTheWholeGroupByDefaultAndWithMainToTheMainProcessAloneAndNothingRestarts() {
        Path file = config();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[web] main up");
            run.awaitStdout("\\[web] kid up");
            long pid = ControlClient.process(file, "web").path("pid").asLong();

            Result hup = ControlClient.run(file, "signal", "web", "HUP");
            assertThat(hup.code()).as(hup.err()).isZero();
            assertThat(hup.out().strip()).isEqualTo("sent SIGHUP to web (process group " + pid + ")");
            run.awaitStdout("\\[web] main got HUP", Duration.ofSeconds(30));
            run.awaitStdout("\\[web] kid got HUP", Duration.ofSeconds(30));
            run.awaitStdout("sent SIGHUP to web \\(process group " + pid + "\\) \\(asked by a client\\)");

            Result usr1 = ControlClient.run(file, "signal", "--main", "web", "sigusr1");
            assertThat(usr1.code()).as(usr1.err()).isZero();
            assertThat(usr1.out().strip()).isEqualTo("sent SIGUSR1 to web (pid " + pid + " alone)");
            run.awaitStdout("\\[web] main got USR1", Duration.ofSeconds(30));
            // The kid's second HUP comes after the USR1 was sent: had the USR1 reached it, it would have said so.
            assertThat(ControlClient.run(file, "signal", "web", "1").code()).isZero();
            run.awaitStdoutCount("\\[web] kid got HUP", 2, Duration.ofSeconds(30));
            assertThat(run.stdoutLines()).doesNotContain("[web] kid got USR1");
            assertThat(ControlClient.process(file, "web").path("pid").asLong()).isEqualTo(pid);
            assertThat(ControlClient.process(file, "web").path("restarts").asInt()).isZero();
        }
    }

    @Test
    void anUnknownSignalOrNameOrAProcessWithoutAChildIsRefusedInOneLineAndNothingIsSent() {
        Path file = config();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[web] main up");
            run.awaitStdout("done will not be restarted");

            Result bad = ControlClient.run(file, "signal", "web", "NOPE");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err().lines()).singleElement().asString().startsWith("'NOPE' is not a signal; use a name such as HUP");
            for (String notSendable : new String[] {"0", "65"}) {
                Result refused = ControlClient.run(file, "signal", "web", notSendable);
                assertThat(refused.code()).as(notSendable).isEqualTo(2);
                assertThat(refused.err()).contains("is not a signal");
            }

            Result unknown = ControlClient.run(file, "signal", "wbe", "HUP");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err().lines()).singleElement().asString().contains("no process named 'wbe' (did you mean 'web'?)");

            Result down = ControlClient.run(file, "signal", "web", "done", "TERM");
            assertThat(down.code()).isEqualTo(1);
            assertThat(down.err().lines()).singleElement().asString()
                    .isEqualTo("not sent: done is stopped (only a process with a live child can be sent SIGTERM)");
            assertThat(run.stdoutLines()).noneMatch(l -> l.startsWith("[web] main got") || l.startsWith("[orchestrator] sent SIG"));
            assertThat(ControlClient.process(file, "web").path("state").asText()).isEqualTo("running");
        }
    }
}

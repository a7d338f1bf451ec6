package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 2: an exit is reported at once, even while the child's output has not ended (a
 * grandchild holds its pipes). It used to wait up to 200 ms for that output, and meanwhile the
 * supervisor showed a dead child running.
 */
final class ExitReportTest {
    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();

    @Test
    void anExitIsKnownAtOnceWhileAGrandchildStillHoldsTheOutput() {
        var process = new ManagedProcess("crashy", List.of(), new LaunchSpec("crashy", List.of(), Path.of("."), Map.of()),
                RestartSpec.defaults(), StopSignal.TERM, 5000);
        // Output that never ends: what a grandchild holding the child's pipes looks like.
        OutputAttacher neverDrained = (name, child, line, onReady) -> new CompletableFuture<>();
        var supervisor = new Supervisor(List.of(process), launcher, neverDrained, (p, onReady) -> null, clock, clock,
                new Console(new RecordingSink()));
        supervisor.runPending();
        assertThat(supervisor.state("crashy")).isEqualTo(ProcessState.RUNNING);

        launcher.latest("crashy").exit(1);
        supervisor.runPending();

        assertThat(supervisor.state("crashy")).isEqualTo(ProcessState.BACKING_OFF);
        assertThat(launcher.latest("crashy").released).isTrue();
    }
}

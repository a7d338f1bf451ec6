package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.Silence;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * The output-silence watchdog on a clock moved by hand: the test plays the output path, calling the
 * hook each run was attached with as a batch of output would.
 */
final class SilenceTest {
    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();
    private final List<ManagedProcess> processes = new ArrayList<>();
    /** The output hook of each process's latest run. */
    private final Map<String, Runnable> hooks = new HashMap<>();
    private Supervisor supervisor;

    private final OutputAttacher output = new OutputAttacher() {
        @Override
        public CompletableFuture<Void> attach(String name, Child child, Optional<Pattern> readyLine, Runnable onReadyLine) {
            throw new AssertionError("the supervisor attaches with the output hook");
        }

        @Override
        public CompletableFuture<Void> attach(String name, Child child, Optional<Pattern> readyLine, Runnable onReadyLine,
                                              Runnable onOutput) {
            hooks.put(name, onOutput);
            return CompletableFuture.completedFuture(null);
        }
    };

    private void add(String name, long silenceMs) {
        processes.add(new ManagedProcess(name, List.of(), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000, Optional.empty(), Optional.empty(), 0)
                .withSilence(silenceMs == 0 ? Silence.none() : new Silence(silenceMs)));
    }

    private void start() {
        supervisor = new Supervisor(processes, launcher, output, ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.runPending();
        launcher.launched.forEach(c -> c.exitOnSignal = -1); // the test says when a stopped child exits
    }

    private void advance(long ms) {
        clock.advance(ms);
        supervisor.runPending();
    }

    private void writes(String name) {
        hooks.get(name).run(); // on the I/O thread in real life: only the time is noted
    }

    @Test
    void aProcessSilentForSilenceMsSinceItsStartIsRestartedAndNotAMillisecondBefore() {
        add("quiet", 1000);
        start();
        advance(999);
        assertThat(supervisor.state("quiet")).isEqualTo(ProcessState.RUNNING);
        advance(1);
        assertThat(sink.text()).contains("[orchestrator] quiet wrote no output for 1.0 s (liveness silence_ms 1000); restarting");
        assertThat(supervisor.state("quiet")).isEqualTo(ProcessState.STOPPING);
        assertThat(launcher.latest("quiet").signals).startsWith(15);
        launcher.latest("quiet").killedBy(15);
        supervisor.runPending();
        // As a hang found by a liveness check: a failure for the backoff.
        assertThat(supervisor.state("quiet")).isEqualTo(ProcessState.BACKING_OFF);
        advance(100);
        assertThat(launcher.launches("quiet")).isEqualTo(2);
        launcher.latest("quiet").exitOnSignal = -1;
        // The new run has a watchdog of its own, from its own start.
        advance(999);
        assertThat(supervisor.state("quiet")).isEqualTo(ProcessState.RUNNING);
        advance(1);
        assertThat(supervisor.state("quiet")).isEqualTo(ProcessState.STOPPING);
    }

    @Test
    void eachBatchOfOutputPutsTheDeadlineOffAndTheLoopLooksOnlyWhenItWouldBeDue() {
        add("talker", 1000);
        add("plain", 0);
        start();
        assertThat(hooks.get("plain")).isSameAs(OutputAttacher.NO_OUTPUT_HOOK);
        advance(600);
        writes("talker");
        int looksBefore = clock.scheduledDelays.size();
        for (int i = 0; i < 100; i++) {
            writes("talker"); // a flood of output schedules nothing and posts nothing
        }
        assertThat(clock.scheduledDelays).hasSize(looksBefore);
        advance(400); // the first look, at 1000 ms: silent only 400 ms; looks again at 1600
        assertThat(supervisor.state("talker")).isEqualTo(ProcessState.RUNNING);
        assertThat(clock.scheduledDelays.getLast()).isEqualTo(600);
        advance(599);
        assertThat(supervisor.state("talker")).isEqualTo(ProcessState.RUNNING);
        advance(1);
        assertThat(supervisor.state("talker")).isEqualTo(ProcessState.STOPPING);
        assertThat(supervisor.state("plain")).isEqualTo(ProcessState.RUNNING);
        assertThat(sink.text()).doesNotContain("plain wrote");
    }

    @Test
    void aLateLookAtARunThatEndedIsIgnored() {
        add("quiet", 1000);
        start();
        launcher.latest("quiet").exit(0);
        supervisor.runPending();
        assertThat(supervisor.state("quiet")).isEqualTo(ProcessState.BACKING_OFF);
        advance(1000); // the first run's look falls due while the second run is 900 ms old
        assertThat(launcher.launches("quiet")).isEqualTo(2);
        assertThat(supervisor.state("quiet")).isEqualTo(ProcessState.RUNNING);
        assertThat(sink.text()).doesNotContain("wrote no output");
    }
}

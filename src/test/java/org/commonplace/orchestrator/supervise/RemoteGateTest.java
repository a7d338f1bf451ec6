package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 8: a crash-looping remote process made us print "is ready" / "is no longer ready"
 * twice a second for ever. A remote dependency that flaps is summed up every 5 s, every change
 * counted once. In the fake world, with a hand-moved clock.
 */
final class RemoteGateTest {
    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();

    @Test
    void aRemoteDependencyThatChangesTwiceASecondIsSummedUpEveryFiveSecondsWithNoChangeLost() {
        var web = new ManagedProcess("web", List.of("b/store"), new LaunchSpec("web", List.of(), Path.of("."), Map.of()),
                new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000);
        var supervisor = new Supervisor(List.of(web), launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.runPending();
        int changes = 120;
        for (int i = 0; i < changes; i++) {
            boolean ready = i % 2 == 0;
            supervisor.post(new Event.RemoteDependency("b/store", ready, ready ? "running" : "backing_off"));
            supervisor.runPending();
            clock.advance(500);
            supervisor.runPending();
        }
        clock.advance(10_000);
        supervisor.runPending();
        List<String> said = sink.lines.stream().filter(l -> l.contains("remote dependency b/store")).toList();
        // A minute of flapping: the first few changes, the line that says it flaps, and a sum every 5 s.
        assertThat(said).hasSizeLessThanOrEqualTo(RemoteGate.FLAP_LIMIT + 1 + 60 / 5 + 1);
        assertThat(said.get(RemoteGate.FLAP_LIMIT)).contains("remote dependency b/store flaps (5 changes within 60 s; now ready)");
        Pattern sum = Pattern.compile("changed (\\d+) times? in the last [0-9.]+ s; now (ready|not ready \\(backing_off\\))");
        long summed = said.stream().map(sum::matcher).filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertThat(RemoteGate.FLAP_LIMIT + 1 + summed).as(String.join("\n", said)).isEqualTo(changes);
        assertThat(said.getLast()).endsWith("now not ready (backing_off)");
        // It ran all along: a remote dependency's loss stops nothing.
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.RUNNING);
        assertThat(launcher.launches("web")).isOne();
    }
}

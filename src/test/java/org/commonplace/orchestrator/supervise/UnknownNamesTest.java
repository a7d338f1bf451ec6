package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * A steering command is checked on the loop, in the one trip that carries it out: the control
 * socket no longer asks for a snapshot first to check the names, so the loop's refusal says all
 * that one said (the closest name, the known ones) and lists the unknown names.
 */
final class UnknownNamesTest {
    @Test
    void theLoopRefusesUnknownNamesWithTheClosestKnownOneAndDoesNothing() {
        var processes = List.of("app", "db").stream().map(name -> new ManagedProcess(name, List.of(),
                new LaunchSpec(name, List.of(), Path.of("."), Map.of()), RestartSpec.defaults(), StopSignal.TERM, 5000)).toList();
        var launcher = new FakeLauncher();
        var clock = new FakeClock();
        var supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(new RecordingSink()));
        supervisor.runPending();
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(new Command.Stop(List.of("ap", "db", "zzz"), false), reply));
        supervisor.runPending();
        CommandReply refused = reply.join();
        assertThat(refused.error()).isEqualTo("unknown_process");
        assertThat(refused.message()).isEqualTo("no process named 'ap' (did you mean 'app'?); no process named 'zzz'; known: app, db");
        assertThat(refused.unknown()).containsExactly("ap", "zzz");
        assertThat(launcher.latest("db").signals).isEmpty();
    }
}

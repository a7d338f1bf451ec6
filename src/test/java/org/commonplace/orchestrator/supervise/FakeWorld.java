package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.output.Console;

/**
 * The fake world the supervisor's tests drive by hand: a clock moved by the test, a launcher whose
 * children exit when the test says, the console's lines recorded, and the loop run on the test's
 * thread ({@link Supervisor#runPending}) after each thing that happens. A test extends it, adds its
 * processes, then calls {@link #start}.
 */
abstract class FakeWorld {
    final FakeClock clock = new FakeClock();
    final FakeLauncher launcher = new FakeLauncher();
    final RecordingSink sink = new RecordingSink();
    final List<ManagedProcess> processes = new ArrayList<>();
    Supervisor supervisor;

    /** Makes the supervisor of {@link #processes} (output dropped, no readiness checks) and runs its first turn. */
    void start() {
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        beforeFirstTurn(supervisor);
        supervisor.runPending();
    }

    /** What a test does to the supervisor before its loop turns (e.g. adds a listener). */
    void beforeFirstTurn(Supervisor made) {
    }

    /** Sends a client's command and runs the loop; {@return the reply, done or waiting} */
    CompletableFuture<CommandReply> send(Command command) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(command, reply));
        supervisor.runPending();
        return reply;
    }

    /** Moves the clock by {@code ms} at once and runs the loop. */
    void advance(long ms) {
        clock.advance(ms);
        supervisor.runPending();
    }
}

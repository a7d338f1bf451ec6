package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, items 6, 7 and 9a, in the fake world: commands that race each other are all answered (the
 * last one wins, and the earlier one hears what became of its processes); a one-shot job that
 * completed reads as completed and is left alone by a stop; a child stopped by SIGSTOP is paused.
 */
final class LifecycleRacesTest extends FakeWorld {
    private static ManagedProcess spec(String name, String command, String... deps) {
        return new ManagedProcess(name, Arrays.asList(deps), new LaunchSpec(command, List.of(), Path.of("."), Map.of()),
                new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000);
    }

    private void process(String name, String... deps) {
        processes.add(spec(name, name, deps));
    }

    private void oneShot(String name) {
        var ready = new ReadySpec(new ReadyCheck.Exit(0), 250, ReadySpec.NO_TIMEOUT);
        processes.add(new ManagedProcess(name, List.of(), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                new RestartSpec(RestartPolicy.ON_FAILURE, 100, 800), StopSignal.TERM, 5000, Optional.of(ready)));
    }

    private ProcessSnapshot snapshot(String name) {
        return send(new Command.Snapshot()).join().processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** svc takes its time to stop: it exits only when the test says so. */
    private void slowToStop(String name) {
        launcher.latest(name).exitOnSignal = -1;
    }

    @Test
    void aStopWithDependentsWhileARestartIsUnderWayAnswersBothAndNothingWaitsForEver() {
        process("db");
        process("svc", "db");
        start();
        slowToStop("svc");
        var restart = send(new Command.Restart(List.of("svc")));
        var stop = send(new Command.Stop(List.of("db"), true));
        launcher.latest("svc").killedBy(15);
        supervisor.runPending();
        assertThat(restart).as("the restart is answered").isCompleted();
        assertThat(stop).as("the stop is answered").isCompleted();
        // The later stop wins: svc stays stopped, and the restart says why it did not start.
        assertThat(restart.join().message()).isEqualTo("svc was stopped by hand");
        assertThat(stop.join().lines()).containsExactlyInAnyOrder("stopped svc (SIGTERM)", "stopped db (SIGTERM)");
        assertThat(supervisor.state("svc")).isEqualTo(ProcessState.STOPPED);
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.STOPPED);
        assertThat(sink.lines).noneMatch(l -> l.contains("will never start"));
    }

    @Test
    void aRestartWhileAStopWithDependentsIsUnderWayAnswersBothAndTheRestartWins() {
        process("db");
        process("svc", "db");
        start();
        slowToStop("svc");
        var stop = send(new Command.Stop(List.of("db"), true));
        assertThat(supervisor.state("svc")).isEqualTo(ProcessState.STOPPING);
        assertThat(supervisor.state("db")).as("after its dependent").isEqualTo(ProcessState.RUNNING);
        var restart = send(new Command.Restart(List.of("svc")));
        launcher.latest("svc").killedBy(15);
        supervisor.runPending();
        assertThat(restart).as("the restart is answered").isCompleted();
        assertThat(stop).as("the stop is answered").isCompleted();
        assertThat(restart.join().ok()).as(restart.join().toString()).isTrue();
        assertThat(restart.join().lines()).contains("keeping db running (svc depends on it)");
        assertThat(stop.join().lines()).containsExactlyInAnyOrder("svc was started again by a later command",
                "db was started again by a later command");
        assertThat(supervisor.state("svc")).isEqualTo(ProcessState.RUNNING);
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.RUNNING);
        assertThat(launcher.launches("db")).as("db was never stopped").isOne();
        assertThat(sink.lines).noneMatch(l -> l.contains("will never start"));
    }

    @Test
    void aDependencyStoppedByHandIsNotSaidToHaveEndedForGood() {
        process("db");
        process("svc", "db");
        start();
        send(new Command.Stop(List.of("db"), false)).join();
        // A reload changes svc: it restarts, and waits for db, which a start by hand brings back.
        send(new Command.Reload(List.of(spec("db", "db"), spec("svc", "svc-v2", "db")))).join();
        assertThat(supervisor.state("svc")).isEqualTo(ProcessState.WAITING);
        assertThat(sink.lines).noneMatch(l -> l.contains("will never start"));
        assertThat(sink.any("svc waits for db (stopped by hand); `start db` starts it again")).isTrue();
        var restart = send(new Command.Restart(List.of("svc"))).join();
        assertThat(restart.lines()).contains("starting db first (svc depends on it)");
        assertThat(supervisor.state("svc")).isEqualTo(ProcessState.RUNNING);
        assertThat(supervisor.exitCode()).isEmpty();
    }

    @Test
    void aRestartOfACompletedJobSaysCompleted() {
        oneShot("migrate");
        process("web"); // keeps the orchestrator running once the job is done
        start();
        launcher.latest("migrate").exit(0);
        supervisor.runPending();
        var restart = send(new Command.Restart(List.of("migrate")));
        launcher.latest("migrate").exit(0);
        supervisor.runPending();
        assertThat(launcher.launches("migrate")).isEqualTo(2);
        assertThat(restart.join().ok()).isTrue();
        assertThat(restart.join().lines()).containsExactly("migrate completed (exit code 0)");
    }

    @Test
    void aStopOfACompletedJobLeavesItAloneWithoutAWarning() {
        oneShot("migrate");
        process("app", "migrate");
        start();
        launcher.latest("migrate").exit(0);
        supervisor.runPending();
        assertThat(supervisor.state("app")).isEqualTo(ProcessState.RUNNING);
        var stop = send(new Command.Stop(List.of("migrate"), false)).join();
        assertThat(stop.ok()).isTrue();
        assertThat(stop.warnings()).isEmpty();
        assertThat(stop.lines()).containsExactly("migrate completed its job; nothing to stop");
        assertThat(snapshot("migrate").stoppedByHand()).isFalse();
        assertThat(supervisor.state("app")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void aChildStoppedBySigstopIsPausedUntilContinued() {
        process("db");
        process("app", "db");
        start();
        long pid = launcher.latest("db").pid;
        supervisor.post(new Event.JobControl(pid, true, 19));
        supervisor.runPending();
        assertThat(snapshot("db").state().name()).isEqualTo("PAUSED");
        assertThat(snapshot("db").pid()).isEqualTo(pid);
        supervisor.post(new Event.JobControl(pid, false, 18));
        supervisor.runPending();
        assertThat(snapshot("db").state()).isEqualTo(ProcessState.RUNNING);
    }
}

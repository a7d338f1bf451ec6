package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/** Clients' commands (start, stop, restart, reload) and the snapshot listeners, in the fake world. */
final class ClientCommandsTest extends FakeWorld {
    private final List<ProcessSnapshot> heard = new ArrayList<>();

    private static ManagedProcess spec(String name, String command, RestartSpec restart, String... deps) {
        return new ManagedProcess(name, Arrays.asList(deps), new LaunchSpec(command, List.of(), Path.of("."), Map.of()),
                restart, StopSignal.TERM, 5000);
    }

    private void process(String name, String... deps) {
        processes.add(spec(name, name, new RestartSpec(RestartPolicy.ALWAYS, 100, 800), deps));
    }

    @Override
    void beforeFirstTurn(Supervisor made) {
        made.addListener(heard::add);
    }

    @Test
    void aProcessStoppedByHandStaysStoppedAndKeepsTheOrchestratorRunning() {
        process("p");
        start();
        var reply = send(new Command.Stop(List.of("p"), false));
        assertThat(reply).isCompleted();
        assertThat(reply.join().lines()).containsExactly("stopped p (SIGTERM)");
        assertThat(supervisor.state("p")).isEqualTo(ProcessState.STOPPED);
        clock.advance(10_000);
        supervisor.runPending();
        assertThat(launcher.launches("p")).isOne();
        assertThat(supervisor.exitCode()).isEmpty();
        var started = send(new Command.Start(List.of("p")));
        assertThat(started.join().lines()).containsExactly("started p (pid 1001)");
        assertThat(supervisor.state("p")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void stopWarnsAboutRunningDependentsAndWithDependentsStopsThemFirst() {
        process("db");
        process("app", "db");
        start();
        var alone = send(new Command.Stop(List.of("db"), false)).join();
        assertThat(alone.warnings()).containsExactly("app depends on db and keeps running (--with-dependents stops it first)");
        assertThat(supervisor.state("app")).isEqualTo(ProcessState.RUNNING);
        send(new Command.Start(List.of("db")));
        launcher.latest("app").exitOnSignal = -1;
        var both = send(new Command.Stop(List.of("db"), true));
        assertThat(supervisor.state("app")).isEqualTo(ProcessState.STOPPING);
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.RUNNING);
        assertThat(both).isNotCompleted();
        launcher.latest("app").exit(0);
        supervisor.runPending();
        assertThat(both.join().lines()).containsExactly("stopped db (SIGTERM)", "stopped app (exit code 0)");
    }

    @Test
    void startStartsStoppedDependenciesFirst() {
        process("db");
        process("app", "db");
        start();
        send(new Command.Stop(List.of("db"), true));
        var reply = send(new Command.Start(List.of("app"))).join();
        assertThat(reply.lines()).containsExactly("starting db first (app depends on it)", "started app (pid 1003)");
        assertThat(launcher.order()).containsExactly("db", "app", "db", "app");
    }

    @Test
    void restartResetsTheBackoff() {
        process("p");
        start();
        for (int i = 0; i < 3; i++) {
            launcher.latest("p").exit(1);
            supervisor.runPending();
            clock.advance(1000);
            supervisor.runPending();
        }
        clock.scheduledDelays.clear();
        var reply = send(new Command.Restart(List.of("p"))).join();
        assertThat(reply.lines()).containsExactly("restarted p (pid 1004)");
        launcher.latest("p").exit(1);
        supervisor.runPending();
        assertThat(clock.scheduledDelays).contains(100L);
    }

    @Test
    void aChangedWatchedFileRestartsARunningOrFailedProcessAndLeavesOneStoppedByHandStopped() {
        process("web");
        process("api");
        start();
        var reply = send(new Command.RestartForChange("web", "src/app.py changed")).join();
        assertThat(reply.ok()).isTrue();
        assertThat(sink.lines).contains("[orchestrator] restarting web: src/app.py changed");
        assertThat(launcher.launches("web")).isEqualTo(2);

        send(new Command.Stop(List.of("api"), false));
        send(new Command.RestartForChange("api", "src/api.py changed"));
        assertThat(sink.lines).contains("[orchestrator] api: src/api.py changed; not restarted: it was stopped by hand");
        assertThat(supervisor.state("api")).isEqualTo(ProcessState.STOPPED);
        assertThat(launcher.launches("api")).isOne();

        assertThat(send(new Command.RestartForChange("gone", "x changed")).join().error()).isEqualTo("unknown_process");
    }

    @Test
    void unknownNamesAreRefusedAndNothingIsDone() {
        process("p");
        start();
        var reply = send(new Command.Stop(List.of("p", "q"), false)).join();
        assertThat(reply.ok()).isFalse();
        assertThat(reply.error()).isEqualTo("unknown_process");
        assertThat(supervisor.state("p")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void reloadStartsAddedStopsRemovedRestartsChangedAndKeepsTheRest() {
        process("keep");
        process("change");
        process("gone");
        start();
        long keepPid = launcher.latest("keep").pid;
        var next = List.of(spec("keep", "keep", new RestartSpec(RestartPolicy.ALWAYS, 100, 800)),
                spec("change", "change-v2", new RestartSpec(RestartPolicy.ALWAYS, 100, 800)),
                spec("new", "new", new RestartSpec(RestartPolicy.ALWAYS, 100, 800), "keep"));
        var reply = send(new Command.Reload(next)).join();
        assertThat(reply.changes()).containsEntry("started", List.of("new")).containsEntry("stopped", List.of("gone"))
                .containsEntry("restarted", List.of("change")).containsEntry("kept", List.of("keep"));
        assertThat(launcher.latest("keep").pid).isEqualTo(keepPid);
        assertThat(launcher.launches("change-v2")).isOne();
        assertThat(launcher.launches("new")).isOne();
        assertThat(launcher.latest("gone").exited()).isTrue();
        assertThat(send(new Command.Snapshot()).join().processes()).extracting(ProcessSnapshot::name)
                .containsExactly("keep", "change", "new");
        assertThat(supervisor.exitCode()).isEmpty();
    }

    @Test
    void aRestartPolicyChangeIsAppliedWithoutARestart() {
        process("p");
        start();
        send(new Command.Reload(List.of(spec("p", "p", new RestartSpec(RestartPolicy.NEVER, 100, 800))))).join();
        assertThat(launcher.launches("p")).isOne();
        launcher.latest("p").exit(1);
        supervisor.runPending();
        assertThat(supervisor.state("p")).isEqualTo(ProcessState.FAILED);
    }

    @Test
    void aNewLivenessCheckOrMemoryLimitRestartsTheProcessAndANewMaxRestartsDoesNot() {
        process("p");
        process("q");
        start();
        ManagedProcess p = spec("p", "p", new RestartSpec(RestartPolicy.ALWAYS, 100, 800, 5));
        ManagedProcess q = spec("q", "q", new RestartSpec(RestartPolicy.ALWAYS, 100, 800));
        var liveness = new org.commonplace.orchestrator.config.LivenessSpec(
                new org.commonplace.orchestrator.config.ReadyCheck.Tcp("127.0.0.1", 8765), 1000, 3, 500);
        q = new ManagedProcess("q", q.dependsOn(), q.launch(), q.restart(), q.stopSignal(), q.stopTimeoutMs(), q.ready(),
                java.util.Optional.of(liveness), 64);
        CommandReply reply = send(new Command.Reload(List.of(p, q))).join();
        assertThat(reply.changes().get("updated")).containsExactly("p");
        assertThat(reply.changes().get("restarted")).containsExactly("q");
    }

    @Test
    void listenersHearEachChangeOnce() {
        process("p");
        start();
        heard.clear();
        launcher.latest("p").exit(1);
        supervisor.runPending();
        assertThat(heard).extracting(ProcessSnapshot::state).containsExactly(ProcessState.BACKING_OFF);
        assertThat(heard.getFirst().nextRestartAt()).isPresent();
        assertThat(heard.getFirst().lastExit().orElseThrow().code()).isOne();
        clock.advance(100);
        supervisor.runPending();
        assertThat(heard).extracting(ProcessSnapshot::state).containsExactly(ProcessState.BACKING_OFF, ProcessState.RUNNING);
        assertThat(heard.getLast().restarts()).isOne();
    }

    /** Records what a listener hears, as lines: "changed p RUNNING", "settled", "milestone STOPPING". */
    private List<String> recordAll() {
        var told = new ArrayList<String>();
        supervisor.addListener(new SnapshotListener() {
            @Override
            public void changed(ProcessSnapshot snapshot) {
                told.add("changed " + snapshot.name() + " " + snapshot.state());
            }

            @Override
            public void settled() {
                told.add("settled");
            }

            @Override
            public void milestone(Milestone milestone) {
                told.add("milestone " + milestone);
            }
        });
        return told;
    }

    @Test
    void aRoundOfChangesEndsInSettledAndAStopIsAMilestoneSaidOnce() {
        process("db");
        process("app", "db");
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        List<String> told = recordAll();
        supervisor.runPending();
        assertThat(told).containsExactly("changed db RUNNING", "changed app RUNNING", "settled");
        told.clear();
        supervisor.post(new Event.StopRequested("received SIGTERM", false));
        supervisor.post(new Event.StopRequested("received SIGTERM", false));
        supervisor.runPending();
        assertThat(told).filteredOn(line -> line.startsWith("milestone")).containsExactly("milestone STOPPING");
        assertThat(told.getFirst()).isEqualTo("milestone STOPPING");
        assertThat(told.getLast()).isEqualTo("settled");
    }

    @Test
    void aReloadIsBracketedByMilestonesBeforeTheChangesItCauses() {
        process("keep");
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        List<String> told = recordAll();
        supervisor.runPending();
        told.clear();
        send(new Command.Reload(List.of(spec("keep", "keep", new RestartSpec(RestartPolicy.ALWAYS, 100, 800)),
                spec("new", "new", new RestartSpec(RestartPolicy.ALWAYS, 100, 800))))).join();
        assertThat(told).containsExactly("milestone RELOADING", "milestone RELOADED", "changed new RUNNING", "settled");
    }
}

package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.commonplace.orchestrator.config.Dependency;
import org.commonplace.orchestrator.config.Dependency.Condition;
import org.commonplace.orchestrator.config.DependencyConditions;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.policy.Backoff;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 27, items 1, 2 and 4, in the fake world: compose's conditions, {@code required: false} and
 * {@code timeout_ms}; a dependency with {@code "restart": true} takes its dependents down with it and
 * brings them back in order (chains, diamonds, a restart by hand stops them first, a crash loop makes
 * them wait once); success exit codes and {@code "exit": "any"}.
 */
final class DependencyConditionsTest extends FakeWorld {
    /** A process restarted always (100 ms backoff), with these dependencies. */
    private void process(String name, Map<String, Dependency> deps) {
        process(name, deps, new RestartSpec(RestartPolicy.ALWAYS, 100, 800), Optional.empty());
    }

    private void process(String name, Map<String, Dependency> deps, RestartSpec restart, Optional<ReadySpec> ready) {
        processes.add(new ManagedProcess(name, List.copyOf(deps.keySet()), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                restart, StopSignal.TERM, 5000, ready, Optional.empty(), 0, new DependencyConditions(deps)));
    }

    /** Ready only when the test says so ({@link #ready}). */
    private static Optional<ReadySpec> probed() {
        return Optional.of(ReadySpec.withDefaults(new ReadyCheck.Tcp("127.0.0.1", 1)));
    }

    private static Dependency on(Condition condition) {
        return new Dependency(condition, false, true, Dependency.NO_TIMEOUT);
    }

    private static Dependency bound() {
        return new Dependency(Condition.SERVICE_HEALTHY, true, true, Dependency.NO_TIMEOUT);
    }

    private static Map<String, Dependency> deps(Object... nameThenDependency) {
        var map = new LinkedHashMap<String, Dependency>();
        for (int i = 0; i < nameThenDependency.length; i += 2) {
            map.put((String) nameThenDependency[i], (Dependency) nameThenDependency[i + 1]);
        }
        return map;
    }

    private void ready(String name) {
        supervisor.post(new Event.Ready(name, supervisor.slots.get(name).runId));
        supervisor.runPending();
    }

    private ProcessState state(String name) {
        return supervisor.state(name);
    }

    @Test
    void serviceStartedLetsTheDependentStartBeforeTheDependencyIsReady() {
        process("db", Map.of(), new RestartSpec(RestartPolicy.ALWAYS, 100, 800), probed());
        process("app", deps("db", on(Condition.SERVICE_STARTED)));
        process("plain", deps("db", Dependency.PLAIN));
        start();
        assertThat(state("db")).isEqualTo(ProcessState.STARTING);
        assertThat(state("app")).as("service_started: db has started").isEqualTo(ProcessState.RUNNING);
        assertThat(state("plain")).as("the short form waits for ready").isEqualTo(ProcessState.WAITING);
    }

    @Test
    void serviceCompletedSuccessfullyWaitsForAZeroExitAndServiceCompletedForAnyExit() {
        process("seed", Map.of(), new RestartSpec(RestartPolicy.NEVER, 100, 800), Optional.empty());
        process("lint", Map.of(), new RestartSpec(RestartPolicy.NEVER, 100, 800), Optional.empty());
        process("app", deps("seed", on(Condition.SERVICE_COMPLETED_SUCCESSFULLY)));
        process("report", deps("lint", on(Condition.SERVICE_COMPLETED)));
        start();
        assertThat(state("app")).as("seed runs").isEqualTo(ProcessState.WAITING);
        assertThat(state("report")).isEqualTo(ProcessState.WAITING);
        launcher.latest("seed").exit(0);
        launcher.latest("lint").exit(4);
        supervisor.runPending();
        assertThat(state("lint")).isEqualTo(ProcessState.FAILED);
        assertThat(state("app")).isEqualTo(ProcessState.RUNNING);
        assertThat(state("report")).as("service_completed: any exit code").isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void aDependencyNotRequiredThatFailedForGoodDoesNotBlockButARequiredOneDoes() {
        process("cache", Map.of(), new RestartSpec(RestartPolicy.NEVER, 100, 800), probed());
        process("app", deps("cache", new Dependency(Condition.SERVICE_HEALTHY, false, false, Dependency.NO_TIMEOUT)));
        process("strict", deps("cache", Dependency.PLAIN));
        start();
        assertThat(state("app")).isEqualTo(ProcessState.WAITING);
        launcher.latest("cache").exit(1);
        supervisor.runPending();
        assertThat(state("cache")).isEqualTo(ProcessState.FAILED);
        assertThat(state("app")).isEqualTo(ProcessState.RUNNING);
        assertThat(sink.lines).anyMatch(l -> l.contains("app goes on without cache (failed: exited with code 1) (required: false)"));
        assertThat(state("strict")).isEqualTo(ProcessState.WAITING);
        assertThat(sink.lines).anyMatch(l -> l.contains("strict will never start"));
    }

    @Test
    void aTimeoutLetsTheDependentGoOnWithOneLine() {
        process("sync", Map.of(), new RestartSpec(RestartPolicy.ALWAYS, 100, 800), probed());
        process("app", deps("sync", new Dependency(Condition.SERVICE_HEALTHY, false, true, 120_000)));
        start();
        advance(119_000);
        assertThat(state("app")).isEqualTo(ProcessState.WAITING);
        advance(1_000);
        assertThat(state("app")).as("the timer fired a turn of the loop").isEqualTo(ProcessState.RUNNING);
        assertThat(sink.lines.stream().filter(l -> l.contains("app goes on without sync"))).singleElement().asString()
                .contains("not service_healthy after 120000 ms (timeout_ms)");
    }

    @Test
    void aTimeoutLetsTheDependentGoOnWithoutARemoteDependencyToo() {
        process("app", deps("b/db", new Dependency(Condition.SERVICE_HEALTHY, false, true, 5_000)));
        start();
        advance(4_999);
        assertThat(state("app")).isEqualTo(ProcessState.WAITING);
        advance(1);
        assertThat(state("app")).isEqualTo(ProcessState.RUNNING);
        assertThat(sink.lines).anyMatch(l -> l.contains("app goes on without b/db (remote: ") && l.endsWith("not ready after 5000 ms (timeout_ms)"));
    }

    @Test
    void aCrashOfABoundDependencyStopsAChainDependentsFirstAndStartsItAgainInOrder() {
        process("a", Map.of(), new RestartSpec(RestartPolicy.ALWAYS, 100, 800), probed());
        process("b", deps("a", bound()), new RestartSpec(RestartPolicy.ALWAYS, 100, 800), probed());
        process("c", deps("b", bound()));
        start();
        ready("a");
        ready("b");
        assertThat(state("c")).isEqualTo(ProcessState.RUNNING);
        launcher.latest("c").exitOnSignal = -1; // c takes its time: b must wait for it
        launcher.latest("a").exit(1);
        supervisor.runPending();
        assertThat(launcher.latest("c").signals).contains(15);
        assertThat(launcher.latest("b").signals).as("b waits for c, bound to it, to exit").doesNotContain(15);
        launcher.latest("c").killedBy(15);
        supervisor.runPending();
        assertThat(launcher.latest("b").signals).contains(15);
        assertThat(state("b")).isEqualTo(ProcessState.WAITING);
        assertThat(state("c")).isEqualTo(ProcessState.WAITING);
        int before = launcher.launched.size();
        advance(100); // a's backoff
        assertThat(state("a")).isEqualTo(ProcessState.STARTING);
        assertThat(state("b")).as("a is not ready yet").isEqualTo(ProcessState.WAITING);
        ready("a");
        ready("b");
        assertThat(launcher.order().subList(before, launcher.launched.size())).containsExactly("a", "b", "c");
        assertThat(List.of(state("a"), state("b"), state("c"))).containsOnly(ProcessState.RUNNING);
        assertThat(sink.lines).noneMatch(l -> l.contains("will never start"));
    }

    @Test
    void aDiamondRestartsEachDependentOnceAndTheTopAfterBoth() {
        process("d", Map.of(), new RestartSpec(RestartPolicy.ALWAYS, 100, 800), Optional.empty());
        process("b", deps("d", bound()));
        process("c", deps("d", bound()));
        process("a", deps("b", bound(), "c", bound()));
        start();
        assertThat(launcher.order()).containsExactly("d", "b", "c", "a");
        launcher.latest("a").exitOnSignal = -1;
        launcher.latest("d").exit(1);
        supervisor.runPending();
        assertThat(launcher.latest("a").signals).contains(15);
        assertThat(launcher.latest("b").signals).as("b waits for a").doesNotContain(15);
        assertThat(launcher.latest("c").signals).doesNotContain(15);
        launcher.latest("a").killedBy(15);
        supervisor.runPending();
        assertThat(List.of(state("a"), state("b"), state("c"))).containsOnly(ProcessState.WAITING);
        advance(100);
        assertThat(launcher.order()).containsExactly("d", "b", "c", "a", "d", "b", "c", "a");
        assertThat(List.of(state("a"), state("b"), state("c"), state("d"))).containsOnly(ProcessState.RUNNING);
    }

    @Test
    void aRestartByHandStopsTheBoundDependentsFirstAndAPlainOneNotAtAll() {
        process("db", Map.of());
        process("svc", deps("db", bound()));
        process("report", deps("db", Dependency.PLAIN));
        start();
        launcher.latest("svc").exitOnSignal = -1;
        var restart = send(new Command.Restart(List.of("db")));
        assertThat(launcher.latest("svc").signals).contains(15);
        assertThat(launcher.latest("db").signals).as("db waits for svc to exit").doesNotContain(15);
        assertThat(state("db")).isEqualTo(ProcessState.RUNNING);
        launcher.latest("svc").killedBy(15);
        supervisor.runPending();
        assertThat(launcher.order()).containsExactly("db", "svc", "report", "db", "svc");
        assertThat(restart.join().ok()).as(restart.join().toString()).isTrue();
        assertThat(launcher.launches("report")).as("not bound: left alone").isOne();
        assertThat(List.of(state("db"), state("svc"), state("report"))).containsOnly(ProcessState.RUNNING);
    }

    @Test
    void aBoundDependentDoesNotStartAgainOnADependencyThatIsAboutToStopByHand() {
        process("db", Map.of());
        process("svc", deps("db", bound()));
        process("other", deps("db", Dependency.PLAIN));
        start();
        launcher.latest("other").exitOnSignal = -1;
        send(new Command.Stop(List.of("other"), false));
        assertThat(state("other")).isEqualTo(ProcessState.STOPPING);
        send(new Command.Stop(List.of("db"), false));
        assertThat(state("db")).as("waits for other, stopped by hand, to exit").isEqualTo(ProcessState.RUNNING);
        assertThat(state("svc")).as("bound: stopped with db, and waiting").isEqualTo(ProcessState.WAITING);
        assertThat(launcher.launches("svc")).as("not started again on a db about to stop").isOne();
        launcher.latest("other").killedBy(15);
        supervisor.runPending();
        assertThat(state("db")).isEqualTo(ProcessState.STOPPED);
        assertThat(state("svc")).isEqualTo(ProcessState.WAITING);
        send(new Command.Start(List.of("db")));
        assertThat(state("svc")).as("back with db").isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void aCrashLoopingBoundDependencyMakesItsDependentWaitOnceInsteadOfFollowingEveryRestart() {
        process("db", Map.of());
        process("svc", deps("db", bound()));
        start();
        for (int i = 0; i < 8; i++) {
            launcher.latest("db").exit(1);
            supervisor.runPending();
            advance(1_000); // past the backoff: db runs again
        }
        assertThat(launcher.launches("db")).isEqualTo(9);
        assertThat(launcher.launches("svc")).as("followed the first crash, then waited").isEqualTo(2);
        assertThat(state("svc")).isEqualTo(ProcessState.WAITING);
        assertThat(sink.lines.stream().filter(l -> l.contains("svc waits for db to hold up"))).isNotEmpty();
        advance(Backoff.STABLE_RUN_MS);
        assertThat(state("svc")).as("db held up").isEqualTo(ProcessState.RUNNING);
        assertThat(launcher.launches("svc")).isEqualTo(3);
    }

    @Test
    void successExitCodesEndAnOnFailureProcessAndAJobWithExitAnyEndsWithAnyCode() {
        process("batch", Map.of(), new RestartSpec(RestartPolicy.ON_FAILURE, 100, 800, 0, 0, Set.of(0, 3)), Optional.empty());
        process("job", Map.of(), new RestartSpec(RestartPolicy.ON_FAILURE, 100, 800),
                Optional.of(new ReadySpec(new ReadyCheck.Exit(ReadyCheck.Exit.ANY), 250, ReadySpec.NO_TIMEOUT)));
        process("after", deps("job", Dependency.PLAIN, "batch", on(Condition.SERVICE_COMPLETED_SUCCESSFULLY)));
        start();
        launcher.latest("batch").exit(3);
        launcher.latest("job").exit(7);
        supervisor.runPending();
        assertThat(state("batch")).as("3 is a success: not restarted").isEqualTo(ProcessState.STOPPED);
        assertThat(state("job")).isEqualTo(ProcessState.STOPPED);
        assertThat(sink.lines).anyMatch(l -> l.contains("job finished (exit code 7)"));
        assertThat(state("after")).isEqualTo(ProcessState.RUNNING);
        advance(1_000);
        assertThat(launcher.launches("batch")).isOne();
    }

    @Test
    void anExitCodeOutsideTheSuccessCodesIsRestartedByOnFailure() {
        process("batch", Map.of(), new RestartSpec(RestartPolicy.ON_FAILURE, 100, 800, 0, 0, Set.of(0, 3)), Optional.empty());
        start();
        launcher.latest("batch").exit(4);
        supervisor.runPending();
        assertThat(state("batch")).isEqualTo(ProcessState.BACKING_OFF);
        advance(100);
        assertThat(launcher.launches("batch")).isEqualTo(2);
    }
}

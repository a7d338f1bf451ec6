package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's decisions in a fake world: fake children that exit when told, a clock moved by
 * hand. Nothing here sleeps; a backoff of seconds is checked in microseconds.
 */
final class SupervisorTest {
    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final java.util.Map<String, Runnable> readyCallbacks = new java.util.HashMap<>();
    private final ReadinessWatcher readiness = (process, onReady) -> {
        readyCallbacks.put(process.name(), onReady);
        return new ReadinessWatcher.Watch() {
            @Override
            public void cancel() {
                readyCallbacks.remove(process.name(), onReady);
            }

            @Override
            public String lastFailure() {
                return "connection refused";
            }
        };
    };
    private Supervisor supervisor;

    private ManagedProcess process(String name, RestartSpec restart, String... deps) {
        var p = new ManagedProcess(name, Arrays.asList(deps), new LaunchSpec(name, List.of(), Path.of("."), java.util.Map.of()),
                restart, StopSignal.TERM, 5000);
        processes.add(p);
        return p;
    }

    private ManagedProcess process(String name, String... deps) {
        return process(name, RestartSpec.defaults(), deps);
    }

    private Supervisor start() {
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                readiness, clock, clock, new Console(sink));
        supervisor.runPending();
        return supervisor;
    }

    private void advance(long ms) {
        clock.advance(ms);
        supervisor.runPending();
    }

    private void exit(String name, int code) {
        launcher.latest(name).exit(code);
        supervisor.runPending();
    }

    private void stop() {
        supervisor.post(new Event.StopRequested("received SIGTERM", false));
        supervisor.runPending();
    }

    private ManagedProcess withReadyCheck(String name, long timeoutMs, String... deps) {
        var ready = new ReadySpec(new ReadyCheck.Tcp("127.0.0.1", 5432), 250, timeoutMs);
        var p = new ManagedProcess(name, Arrays.asList(deps), new LaunchSpec(name, List.of(), Path.of("."), java.util.Map.of()),
                new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000, Optional.of(ready));
        processes.add(p);
        return p;
    }

    private void becomeReady(String name) {
        readyCallbacks.get(name).run();
        supervisor.runPending();
    }

    @Test
    void aProcessWithAReadyCheckHoldsItsDependentsUntilItIsReady() {
        withReadyCheck("db", 60_000);
        process("app", "db");
        start();
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.STARTING);
        assertThat(launcher.launches("app")).isZero();
        assertThat(sink.text()).contains("app waits for db (tcp 127.0.0.1:5432)");
        clock.advance(5000);
        supervisor.runPending();
        assertThat(sink.text()).contains("app waits for db (tcp 127.0.0.1:5432), 5 s so far");
        becomeReady("db");
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.RUNNING);
        assertThat(sink.text()).contains("db is ready after 5.0 s");
        assertThat(launcher.launches("app")).isOne();
    }

    /** A 100-deep chain printed 99 "waits for ... (not started yet)" lines at start. */
    @Test
    void onlyAProcessWhoseDependenciesHaveStartedSaysThatItWaits() {
        withReadyCheck("p0", 36_000_000);
        for (int i = 1; i < 100; i++) {
            process("p" + i, "p" + (i - 1));
        }
        start();
        assertThat(sink.lines).filteredOn(l -> l.contains(" waits for ")).containsExactly(
                "[orchestrator] p1 waits for p0 (tcp 127.0.0.1:5432)");
        advance(5000);
        assertThat(sink.lines).filteredOn(l -> l.contains(" waits for ")).hasSize(2);
        becomeReady("p0");
        assertThat(launcher.launches("p99")).isOne();
        assertThat(sink.lines).filteredOn(l -> l.contains(" waits for ")).hasSize(2);
    }

    /** A dependency that never became ready printed a line every 5 s forever. */
    @Test
    void theReminderThatAProcessStillWaitsBacksOffUpToFiveMinutes() {
        withReadyCheck("db", 36_000_000);
        process("app", "db");
        start();
        for (int s = 0; s < 1000; s++) {
            advance(1000);
        }
        var pattern = java.util.regex.Pattern.compile("app waits for db \\(tcp 127.0.0.1:5432\\), (\\d+) s so far");
        var seconds = sink.lines.stream().map(pattern::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(seconds).containsExactly(5, 15, 35, 75, 155, 315, 615, 915);
    }

    private static final java.util.regex.Pattern STORM_REPORT =
            java.util.regex.Pattern.compile("web restarted (\\d+) times? in the last [0-9.]+ m?s \\(last: exited with code 1\\)");

    private int reported() {
        return sink.lines.stream().map(STORM_REPORT::matcher).filter(java.util.regex.Matcher::find)
                .mapToInt(m -> Integer.parseInt(m.group(1))).sum();
    }

    private long told(String fragment) {
        return sink.lines.stream().filter(l -> l.contains(fragment)).count();
    }

    /** A crash loop with backoff_ms 0 wrote three lines per restart, about a thousand restarts a second. */
    @Test
    void aRestartStormIsSummedUpEveryFiveSecondsWithoutLosingTheCount() {
        process("web", new RestartSpec(RestartPolicy.ALWAYS, 0, 0));
        start();
        for (int i = 0; i < 1234; i++) {
            advance(4);
            exit("web", 1);
        }
        advance(1000);
        assertThat(told("restarting web in 0 ms")).isEqualTo(RestartStorm.LIMIT);
        assertThat(told("web is restarting in a loop (last: exited with code 1 after 4 ms); from now on")).isOne();
        assertThat(told("started web ")).isEqualTo(RestartStorm.LIMIT + 1);
        assertThat(sink.lines).filteredOn(l -> STORM_REPORT.matcher(l).find()).hasSize(1);
        assertThat(told("restarting web in 0 ms") + reported()).isEqualTo(1234);
        assertThat(sink.lines).hasSizeLessThan(50);
        assertThat(launcher.launches("web")).isEqualTo(1235);

        // Quiet for a whole report: the storm is over, and restarts are told one by one again.
        advance(RestartStorm.REPORT_MS);
        exit("web", 1);
        assertThat(told("restarting web in 0 ms")).isEqualTo(RestartStorm.LIMIT + 1);
    }

    @Test
    void aStopDuringARestartStormSumsItUpFirst() {
        process("web", new RestartSpec(RestartPolicy.ALWAYS, 0, 0));
        start();
        for (int i = 0; i < 100; i++) {
            exit("web", 1);
        }
        stop();
        assertThat(told("restarting web in 0 ms") + reported()).isEqualTo(100);
        int report = sink.lines.indexOf(sink.lines.stream().filter(l -> STORM_REPORT.matcher(l).find()).findFirst().orElseThrow());
        assertThat(sink.lines.get(report + 1)).contains("received SIGTERM: stopping all processes");
        assertThat(supervisor.exitCode()).contains(0);
        assertThat(told("web stopped in")).isOne();
    }

    @Test
    void aProcessThatIsRestartedSlowlyIsToldRestartByRestart() {
        process("web", new RestartSpec(RestartPolicy.ALWAYS, 100, 100));
        start();
        for (int i = 0; i < 50; i++) {
            exit("web", 1);
            advance(100);
        }
        assertThat(told("restarting web in 100 ms")).isEqualTo(50);
        assertThat(told("is restarting in a loop")).isZero();
    }

    @Test
    void aProcessNotReadyInTimeIsStoppedAndRestartedWithBackoffWhileDependentsWait() {
        withReadyCheck("db", 1000);
        process("app", "db");
        start();
        clock.scheduledDelays.clear();
        advance(1000);
        assertThat(sink.text()).contains("db was not ready within 1000 ms (tcp 127.0.0.1:5432; last attempt: connection refused)");
        assertThat(launcher.latest("db").signals).startsWith(15);
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.BACKING_OFF);
        advance(100);
        assertThat(launcher.launches("db")).isEqualTo(2);
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.STARTING);
        assertThat(launcher.launches("app")).isZero();
    }

    @Test
    void aReadyProcessThatComesBackMustBeReadyAgainBeforeNewDependentsStart() {
        withReadyCheck("db", 60_000);
        process("app", new RestartSpec(RestartPolicy.NEVER, 0, 0), "db");
        start();
        becomeReady("db");
        exit("app", 0);
        exit("db", 1);
        advance(100);
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.STARTING);
    }

    @Test
    void stoppingWhileADependencyIsStartingStartsNothingNew() {
        withReadyCheck("db", 60_000);
        process("app", "db");
        start();
        stop();
        assertThat(launcher.launches("app")).isZero();
        assertThat(supervisor.exitCode()).contains(0);
        assertThat(readyCallbacks).isEmpty();
    }

    @Test
    void startsInDependencyOrderWithIndependentProcessesInTheSamePass() {
        process("a");
        process("b", "a");
        process("c", "a");
        process("d", "b", "c");
        start();
        assertThat(launcher.order()).containsExactly("a", "b", "c", "d");
        assertThat(supervisor.state("d")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void whatMayStartTogetherIsLaunchedAsOneBatchAndADependentAfterIt() {
        process("a");
        process("b");
        process("c", "a");
        launcher.failing.add("b");
        start();
        // a and b side by side; c only once a runs, alone, as before.
        assertThat(launcher.batches).containsExactly(List.of("a", "b"));
        assertThat(launcher.order()).containsExactly("a", "c");
        assertThat(supervisor.state("a")).isEqualTo(ProcessState.RUNNING);
        assertThat(supervisor.state("b")).isEqualTo(ProcessState.BACKING_OFF);
        assertThat(supervisor.state("c")).isEqualTo(ProcessState.RUNNING);
        assertThat(sink.text()).contains("b failed to start: command 'b' not found on PATH");
    }

    @Test
    void aListenerHearsOfEveryProcessFirstThenOnlyOfThoseAnEventChanged() {
        process("a");
        process("b");
        process("c");
        var heard = new ArrayList<List<String>>();
        var round = new ArrayList<String>();
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                readiness, clock, clock, new Console(sink));
        supervisor.addListener(new SnapshotListener() {
            @Override
            public void changed(org.commonplace.orchestrator.model.ProcessSnapshot snapshot) {
                round.add(snapshot.name() + " " + snapshot.state());
            }

            @Override
            public void settled() {
                heard.add(List.copyOf(round));
                round.clear();
            }
        });
        supervisor.runPending();
        assertThat(heard).containsExactly(List.of("a RUNNING", "b RUNNING", "c RUNNING"));
        heard.clear();
        exit("b", 1);
        assertThat(heard).containsExactly(List.of("b BACKING_OFF"));
        heard.clear();
        advance(RestartSpec.DEFAULT_BACKOFF_MS);
        assertThat(heard).containsExactly(List.of("b RUNNING"));
        heard.clear();
        stop();
        assertThat(heard.getFirst()).containsExactlyInAnyOrder("a STOPPING", "b STOPPING", "c STOPPING");
    }

    @Test
    void dependentWaitsWhileItsDependencyBacksOff() {
        process("a", new RestartSpec(RestartPolicy.ALWAYS, 100, 800));
        process("b", "a");
        launcher.failing.add("a");
        start();
        assertThat(launcher.launches("b")).isZero();
        assertThat(supervisor.state("b")).isEqualTo(ProcessState.WAITING);
        assertThat(sink.text()).contains("b waits for a");
        launcher.failing.clear();
        advance(100);
        assertThat(launcher.launches("b")).isOne();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        process("p", new RestartSpec(RestartPolicy.ALWAYS, 100, 800));
        start();
        var delays = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            clock.scheduledDelays.clear();
            exit("p", 1);
            delays.add(clock.scheduledDelays.getFirst());
            assertThat(supervisor.state("p")).isEqualTo(ProcessState.BACKING_OFF);
            advance(delays.getLast());
            assertThat(supervisor.state("p")).isEqualTo(ProcessState.RUNNING);
        }
        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 800L);
        assertThat(launcher.launches("p")).isEqualTo(6);
    }

    @Test
    void aRunOfThirtySecondsResetsTheBackoff() {
        process("p", new RestartSpec(RestartPolicy.ALWAYS, 100, 800));
        start();
        exit("p", 1);
        advance(100);
        exit("p", 1);
        advance(200);
        clock.scheduledDelays.clear();
        clock.advance(30_000);
        exit("p", 1);
        assertThat(clock.scheduledDelays).containsExactly(100L);
        advance(100);
        clock.scheduledDelays.clear();
        clock.advance(29_999);
        exit("p", 1);
        assertThat(clock.scheduledDelays).as("29.999 s is not a stable run").containsExactly(200L);
    }

    @Test
    void backingOffProcessDoesNotDelayTheOthers() {
        process("slow", new RestartSpec(RestartPolicy.ALWAYS, 10_000, 10_000));
        process("fast", new RestartSpec(RestartPolicy.ALWAYS, 0, 0));
        start();
        exit("slow", 1);
        exit("fast", 1);
        advance(0);
        assertThat(launcher.launches("fast")).isEqualTo(2);
        assertThat(supervisor.state("slow")).isEqualTo(ProcessState.BACKING_OFF);
    }

    @Test
    void alwaysRestartsAfterCleanExit() {
        process("p", new RestartSpec(RestartPolicy.ALWAYS, 0, 0));
        start();
        exit("p", 0);
        advance(0);
        assertThat(launcher.launches("p")).isEqualTo(2);
    }

    @Test
    void onFailureRestartsAfterNonZeroAndSignalButNotAfterCleanExit() {
        process("p", new RestartSpec(RestartPolicy.ON_FAILURE, 0, 0));
        process("keep", new RestartSpec(RestartPolicy.ALWAYS, 0, 0));
        start();
        exit("p", 3);
        advance(0);
        exit("p", 128 + 9);
        advance(0);
        assertThat(launcher.launches("p")).isEqualTo(3);
        exit("p", 0);
        advance(0);
        assertThat(launcher.launches("p")).isEqualTo(3);
        assertThat(supervisor.state("p")).isEqualTo(ProcessState.STOPPED);
    }

    @Test
    void neverPolicyEndsFailedAfterAFailureAndStoppedAfterACleanExit() {
        process("bad", new RestartSpec(RestartPolicy.NEVER, 0, 0));
        process("good", new RestartSpec(RestartPolicy.NEVER, 0, 0));
        process("keep");
        start();
        exit("bad", 2);
        exit("good", 0);
        advance(1000);
        assertThat(supervisor.state("bad")).isEqualTo(ProcessState.FAILED);
        assertThat(supervisor.state("good")).isEqualTo(ProcessState.STOPPED);
        assertThat(launcher.launches("bad")).isOne();
        assertThat(sink.text()).contains("bad will not be restarted (restart policy never)");
    }

    @Test
    void aCommandThatCannotStartIsAFailedAttemptRetriedWithBackoff() {
        process("missing", new RestartSpec(RestartPolicy.ALWAYS, 100, 800));
        process("other");
        launcher.failing.add("missing");
        start();
        assertThat(sink.lines).filteredOn(l -> l.contains("missing failed to start")).hasSize(1)
                .first().asString().contains("not found on PATH");
        assertThat(supervisor.state("missing")).isEqualTo(ProcessState.BACKING_OFF);
        assertThat(supervisor.state("other")).isEqualTo(ProcessState.RUNNING);
        clock.scheduledDelays.clear();
        advance(100);
        advance(200);
        assertThat(sink.lines).filteredOn(l -> l.contains("missing failed to start")).hasSize(3);
        assertThat(clock.scheduledDelays).containsExactly(200L, 400L);
    }

    @Test
    void stopSignalsEachProcessOnlyAfterItsDependentsExited() {
        process("a");
        process("b", "a");
        process("c", "b");
        process("x");
        start();
        launcher.launched.forEach(c -> c.exitOnSignal = -1);
        stop();
        assertThat(launcher.latest("c").signals).containsExactly(15, 18);
        assertThat(launcher.latest("x").signals).as("independent processes stop together").containsExactly(15, 18);
        assertThat(launcher.latest("b").signals).isEmpty();
        exit("c", 143);
        assertThat(launcher.latest("b").signals).containsExactly(15, 18);
        assertThat(launcher.latest("a").signals).isEmpty();
        exit("b", 0);
        exit("x", 0);
        assertThat(launcher.latest("a").signals).containsExactly(15, 18);
        exit("a", 0);
        assertThat(supervisor.exitCode()).contains(0);
    }

    @Test
    void stopTimeoutKillsTheGroupAndTheExitCodeIsOne() {
        process("stubborn");
        start();
        launcher.latest("stubborn").exitOnSignal = -1;
        stop();
        advance(4999);
        assertThat(launcher.latest("stubborn").signals).containsExactly(15, 18);
        advance(1);
        assertThat(launcher.latest("stubborn").signals).as("TERM and CONT, KILL at the timeout, KILL sweep after the exit").containsExactly(15, 18, 9, 9);
        assertThat(supervisor.exitCode()).contains(1);
        assertThat(sink.text()).contains("stubborn did not stop within 5000 ms; killing its process group");
    }

    @Test
    void cleanStopExitsZeroAndCancelsTheStopTimer() {
        process("p");
        start();
        stop();
        assertThat(supervisor.exitCode()).contains(0);
        assertThat(clock.activeTimers()).isZero();
    }

    @Test
    void stopDuringBackoffCancelsTheRestart() {
        process("p", new RestartSpec(RestartPolicy.ALWAYS, 1000, 1000));
        start();
        exit("p", 1);
        stop();
        advance(5000);
        assertThat(launcher.launches("p")).isOne();
        assertThat(supervisor.exitCode()).contains(0);
    }

    @Test
    void aSecondStopRequestASecondLaterKillsEveryGroupAtOnce() {
        process("a");
        process("b");
        start();
        launcher.launched.forEach(c -> c.exitOnSignal = -1);
        stop();
        advance(StopRequests.SAME_REQUEST_MS);
        stop();
        assertThat(launcher.latest("a").signals).startsWith(15, 18, 9);
        assertThat(launcher.latest("b").signals).startsWith(15, 18, 9);
        assertThat(supervisor.exitCode()).contains(1);
    }

    /** GNU timeout sends SIGTERM to the pid, then to its group: two SIGTERMs microseconds apart are one request. */
    @Test
    void theSameStopSignalAgainWithinASecondIsTheSameRequest() {
        process("a");
        start();
        launcher.latest("a").exitOnSignal = -1;
        stop();
        stop();
        advance(StopRequests.SAME_REQUEST_MS - 1);
        stop();
        assertThat(launcher.latest("a").signals).containsExactly(15, 18);
        // Said once; the second repeat is counted (a burst of them is summed up, see the next test).
        assertThat(sink.lines).filteredOn(l -> l.contains("received SIGTERM again within 1000 ms: the same request")).hasSize(1);
        advance(1);
        stop();
        assertThat(launcher.latest("a").signals).startsWith(15, 18, 9);
    }

    /** 309 SIGHUPs in 0.9 s printed 308 identical lines: now one line, and a count every few seconds at most. */
    @Test
    void aBurstOfTheSameLineIsSaidOnceThenCountedAndSummedUp() {
        process("a");
        start();
        for (int i = 0; i < 300; i++) {
            supervisor.post(new Event.Say("received SIGALRM: ignored"));
        }
        supervisor.runPending();
        assertThat(sink.lines).filteredOn(l -> l.contains("SIGALRM")).containsExactly("[orchestrator] received SIGALRM: ignored");
        advance(Repeats.REPORT_MS);
        assertThat(sink.lines).filteredOn(l -> l.contains("SIGALRM"))
                .containsExactly("[orchestrator] received SIGALRM: ignored", "[orchestrator] received SIGALRM: ignored (299 more times in the last 5.0 s)");
        // A report with nothing to tell ends the burst: the same line, later and alone, is said again.
        advance(Repeats.REPORT_MS);
        supervisor.post(new Event.Say("received SIGALRM: ignored"));
        supervisor.runPending();
        assertThat(sink.lines).filteredOn(l -> l.contains("SIGALRM")).hasSize(3).last().isEqualTo("[orchestrator] received SIGALRM: ignored");
    }

    @Test
    void aBurstOfStopSignalsStillCountedAtTheEndIsSummedUpBeforeTheLastLine() {
        process("a");
        start();
        for (int i = 0; i < 10; i++) {
            supervisor.post(new Event.StopRequested("received SIGHUP", false));
        }
        supervisor.runPending();
        exit("a", 143);
        assertThat(sink.lines).filteredOn(l -> l.contains("SIGHUP")).containsExactly(
                "[orchestrator] received SIGHUP: stopping all processes (dependents first)",
                "[orchestrator] received SIGHUP again within 1000 ms: the same request; send it again later to kill everything at once",
                "[orchestrator] received SIGHUP again within 1000 ms: the same request; send it again later to kill everything at once"
                        + " (8 more times in the last 0 ms)");
        assertThat(sink.lines.getLast()).isEqualTo("[orchestrator] all processes stopped");
    }

    /**
     * A listener is called on the loop thread; one that throws an Error (here once, as an allocation
     * that fails while the heap is full would) used to end the loop for good: nothing restarted, no
     * stop ever finished. Now the loop says so in one line, stops everything in order and ends with 1.
     */
    @Test
    void anErrorThatEscapesAHandlerStopsEverythingInOrderAndTheExitCodeIsOne() {
        process("db");
        process("web", "db");
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                readiness, clock, clock, new Console(sink));
        boolean[] thrown = {false};
        supervisor.addListener(snapshot -> {
            if (snapshot.name().equals("web") && snapshot.state() == ProcessState.RUNNING && !thrown[0]) {
                thrown[0] = true;
                throw new OutOfMemoryError("Java heap space");
            }
        });
        supervisor.runPending();
        assertThat(thrown[0]).isTrue();
        assertThat(sink.lines).filteredOn(l -> l.contains("failed")).containsExactly("[orchestrator] the supervisor loop failed"
                + " (java.lang.OutOfMemoryError: Java heap space); stopping everything as on SIGTERM, then exiting 1"
                + " so that a service manager starts us again");
        // Dependents first, as on SIGTERM: db is signalled only once web has exited.
        assertThat(launcher.latest("web").signals).startsWith(15);
        assertThat(launcher.latest("db").signals).startsWith(15);
        assertThat(supervisor.exitCode()).contains(1);
        assertThat(sink.lines.getLast()).isEqualTo("[orchestrator] all processes stopped; exiting 1 after the failure above");
    }

    @Test
    void aCoreThreadThatCannotServeAnyMoreMakesTheLoopKillEverythingAndEnd() {
        process("a");
        start();
        launcher.latest("a").exitOnSignal = -1;
        supervisor.coreFailed("the I/O loop", new OutOfMemoryError("Java heap space"), false);
        supervisor.runPending();
        assertThat(launcher.latest("a").signals).containsExactly(9);
        assertThat(supervisor.exitCode()).contains(1);
        assertThat(sink.lines).filteredOn(l -> l.contains("failed")).containsExactly("[orchestrator] the I/O loop failed"
                + " (java.lang.OutOfMemoryError: Java heap space); killing every process group and exiting 1");
    }

    @Test
    void anotherStopSignalWithinASecondStillKillsAtOnce() {
        process("a");
        start();
        launcher.latest("a").exitOnSignal = -1;
        stop();
        supervisor.post(new Event.StopRequested("received SIGINT", false));
        supervisor.runPending();
        assertThat(launcher.latest("a").signals).startsWith(15, 18, 9);
        assertThat(sink.text()).contains("received SIGINT again: killing every process group now");
    }

    @Test
    void anExceptionInOneHandlerDoesNotStopSupervision() {
        process("p", new RestartSpec(RestartPolicy.ALWAYS, 0, 0));
        start();
        supervisor.post(new Event.Call(() -> {
            throw new IllegalStateException("injected");
        }));
        supervisor.runPending();
        exit("p", 1);
        advance(0);
        assertThat(launcher.launches("p")).isEqualTo(2);
        assertThat(sink.text()).contains("internal error");
    }

    @Test
    void aLateExitOfAnEarlierRunIsIgnored() {
        process("p", new RestartSpec(RestartPolicy.ALWAYS, 0, 0));
        start();
        supervisor.post(new Event.Exited("p", 0, 1));
        supervisor.runPending();
        assertThat(supervisor.state("p")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void aOneShotDependencyThatCompletedCleanlyLetsDependentsStart() {
        process("migrate", new RestartSpec(RestartPolicy.ON_FAILURE, 0, 0));
        withReadyCheck("db", 60_000);
        process("app", new RestartSpec(RestartPolicy.ALWAYS, 0, 0), "migrate", "db");
        start();
        assertThat(launcher.launches("app")).as("db is not ready yet").isZero();
        // The job ends cleanly before db is ready: it is not run again, and it does not fail app.
        exit("migrate", 0);
        advance(1000);
        assertThat(supervisor.state("migrate")).isEqualTo(ProcessState.STOPPED);
        assertThat(launcher.launches("migrate")).as("on_failure does not run a clean exit again").isOne();
        // db gets ready after the job ended: the completed job still counts as satisfied.
        becomeReady("db");
        assertThat(launcher.launches("app")).as("app starts past its completed dependency").isOne();
        assertThat(supervisor.state("app")).isEqualTo(ProcessState.RUNNING);
        assertThat(sink.lines).noneMatch(l -> l.contains("will never start"));
        assertThat(supervisor.exitCode()).as("app runs").isEmpty();
    }

    private ManagedProcess oneShot(String name, RestartPolicy policy, long timeoutMs) {
        var ready = new ReadySpec(new ReadyCheck.Exit(0), 250, timeoutMs);
        var p = new ManagedProcess(name, List.of(), new LaunchSpec(name, List.of(), Path.of("."), java.util.Map.of()),
                new RestartSpec(policy, 100, 800), StopSignal.TERM, 5000, Optional.of(ready));
        processes.add(p);
        return p;
    }

    @Test
    void aOneShotJobHoldsItsDependentsUntilItHasExitedWithItsCode() {
        oneShot("migrate", RestartPolicy.NEVER, ReadySpec.NO_TIMEOUT);
        process("app", "migrate");
        start();
        assertThat(supervisor.state("migrate")).isEqualTo(ProcessState.STARTING);
        assertThat(launcher.launches("app")).as("not beside a migration that may still fail").isZero();
        assertThat(sink.text()).contains("app waits for migrate (exit code 0)");
        advance(10 * 60_000); // no timeout: a migration takes what it takes
        assertThat(supervisor.state("migrate")).isEqualTo(ProcessState.STARTING);
        exit("migrate", 0);
        assertThat(supervisor.state("migrate")).isEqualTo(ProcessState.STOPPED);
        assertThat(sink.text()).contains("migrate finished (exit code 0) after 600.0 s; what depends on it may start");
        assertThat(launcher.launches("app")).isOne();
        assertThat(supervisor.exitCode()).as("app still runs").isEmpty();
    }

    @Test
    void aOneShotJobThatFailsForGoodKeepsItsDependentsFromEverStartingAndTheExitCodeIsOne() {
        oneShot("migrate", RestartPolicy.NEVER, ReadySpec.NO_TIMEOUT);
        process("app", "migrate");
        start();
        exit("migrate", 3);
        assertThat(supervisor.state("migrate")).isEqualTo(ProcessState.FAILED);
        assertThat(launcher.launches("app")).isZero();
        assertThat(sink.text()).contains("app will never start: migrate (failed: exited with code 3) ended for good");
        assertThat(sink.text()).contains("never started (a dependency ended for good): app");
        assertThat(supervisor.exitCode()).contains(1);
    }

    @Test
    void aOneShotJobUnderOnFailureIsRunAgainUntilItSucceeds() {
        oneShot("migrate", RestartPolicy.ON_FAILURE, ReadySpec.NO_TIMEOUT);
        process("app", "migrate");
        start();
        exit("migrate", 1);
        assertThat(supervisor.state("migrate")).isEqualTo(ProcessState.BACKING_OFF);
        advance(100);
        assertThat(launcher.launches("migrate")).isEqualTo(2);
        assertThat(launcher.launches("app")).isZero();
        exit("migrate", 0);
        assertThat(launcher.launches("app")).isOne();
    }

    @Test
    void aOneShotJobWithATimeoutThatRunsTooLongIsAFailedStart() {
        oneShot("migrate", RestartPolicy.ON_FAILURE, 1000);
        start();
        advance(1000);
        assertThat(sink.text()).contains("migrate was not ready within 1000 ms (exit code 0");
        assertThat(supervisor.state("migrate")).isEqualTo(ProcessState.BACKING_OFF);
    }

    @Test
    void whenEverythingHasEndedForGoodTheSupervisorFinishes() {
        process("once", new RestartSpec(RestartPolicy.NEVER, 0, 0));
        start();
        exit("once", 0);
        assertThat(supervisor.exitCode()).contains(0);
        assertThat(sink.text()).contains("nothing left to supervise");
    }
}

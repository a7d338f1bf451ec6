package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.Dependency;
import org.commonplace.orchestrator.config.DependencyConditions;
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
 * Issue 23, item 6, in the fake world, where a seed replays everything exactly: thousands of random
 * start, stop, restart and stop --with-dependents commands, crashes, children slow to stop, one-shot
 * job runs, reloads and time passing, over a small dependency graph (svc bound to db with
 * {@code "restart": true}, issue 27). Every command is answered within
 * a bound of (fake) time, nothing is ever said to "never start" (nothing here ends for good), and
 * afterwards the states add up and one start brings everything up. The seed is printed;
 * {@code -Dchaos.seed=N} replays a run. {@code CommandChaosTest} does the same with real children.
 */
final class LifecycleChaosTest {
    private static final List<String> NAMES = List.of("db", "cache", "job", "svc", "app");
    private static final int STEPS = 4000;
    /** Every command is answered within this much fake time: a stop timeout (5 s) and a backoff, with room. */
    private static final long ANSWER_MS = 30_000;

    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();
    private Supervisor supervisor;

    private record Asked(Command command, CompletableFuture<CommandReply> reply, long atMs, int step) {
    }

    private static ManagedProcess spec(String name, int generation) {
        List<String> deps = switch (name) {
            case "svc" -> List.of("db");
            case "app" -> List.of("svc", "cache", "job");
            case "extra" -> List.of("db");
            default -> List.of();
        };
        // A reload of an odd generation changes cache's command: it is restarted with it.
        String command = name.equals("cache") && generation % 2 == 1 ? "cache-v2" : name;
        var launch = new LaunchSpec(command, List.of(), Path.of("."), Map.of());
        if (name.equals("job")) {
            var ready = new ReadySpec(new ReadyCheck.Exit(0), 250, ReadySpec.NO_TIMEOUT);
            return new ManagedProcess(name, deps, launch, new RestartSpec(RestartPolicy.ON_FAILURE, 100, 800), StopSignal.TERM,
                    5000, Optional.of(ready));
        }
        if (name.equals("svc")) {
            // Issue 27: svc is bound to db ("restart": true): every crash, restart and reload of db takes it down too.
            var bound = new Dependency(Dependency.Condition.SERVICE_HEALTHY, true, true, Dependency.NO_TIMEOUT);
            return new ManagedProcess(name, deps, launch, new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000,
                    Optional.empty(), Optional.empty(), 0, new DependencyConditions(Map.of("db", bound)));
        }
        return new ManagedProcess(name, deps, launch, new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000);
    }

    private static List<ManagedProcess> config(int generation) {
        var specs = new ArrayList<ManagedProcess>();
        NAMES.forEach(n -> specs.add(spec(n, generation)));
        if (generation % 3 == 1) {
            specs.add(spec("extra", generation));
        }
        return specs;
    }

    @Test
    void randomCommandsCrashesAndReloadsAreAllAnsweredAndTheStatesAddUp() {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println("LifecycleChaosTest seed " + seed + " (replay with -Dchaos.seed=" + seed + ")");
        var random = new Random(seed);
        supervisor = new Supervisor(config(0), launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.runPending();
        var asked = new ArrayList<Asked>();
        int generation = 0;
        for (int step = 0; step < STEPS; step++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> asked.add(send(randomCommand(random), step));
                case 3 -> crash(random);
                case 4 -> slowDown(random);
                case 5 -> finishSlowStop(random);
                case 6 -> finishJob(random);
                case 7 -> {
                    generation++;
                    asked.add(send(new Command.Reload(config(generation)), step));
                }
                default -> {
                    clock.advance(random.nextInt(1500));
                    supervisor.runPending();
                }
            }
            for (Asked a : asked) {
                assertThat(a.reply().isDone() || clock.millis() - a.atMs() <= ANSWER_MS)
                        .as("seed %d: %s (step %d) has no answer after %d ms", seed, a.command(), a.step(), clock.millis() - a.atMs())
                        .isTrue();
            }
            asked.removeIf(a -> a.reply().isDone());
            assertThat(supervisor.exitCode()).as("seed %d, step %d: the orchestrator ended", seed, step).isEmpty();
            checkConsistent(seed, step);
        }
        // Afterwards, the config of the start and one start of everything bring every process up.
        send(new Command.Reload(config(0)), STEPS);
        for (FakeChild child : launcher.launched) {
            child.exitOnSignal = 15;
        }
        var startAll = send(new Command.Start(NAMES), STEPS);
        for (int i = 0; i < 60 && !startAll.reply().isDone(); i++) {
            finishJobNow();
            clock.advance(1000);
            supervisor.runPending();
        }
        finishJobNow();
        assertThat(startAll.reply()).as("seed %d: the last start", seed).isCompleted();
        for (Asked a : asked) {
            assertThat(a.reply()).as("seed %d: %s (step %d)", seed, a.command(), a.step()).isCompleted();
        }
        for (String name : NAMES) {
            assertThat(supervisor.state(name)).as("seed %d: %s", seed, name)
                    .isEqualTo(name.equals("job") ? ProcessState.STOPPED : ProcessState.RUNNING);
        }
        assertThat(sink.lines).as("seed %d: nothing here ends for good", seed).noneMatch(l -> l.contains("will never start"));
        assertThat(sink.lines).as("seed %d: svc followed db", seed).anyMatch(l -> l.contains("svc restarts with db"));
        checkConsistent(seed, STEPS);
    }

    /** Live states have a live child of their own; nothing else has one; no two share it. */
    private void checkConsistent(long seed, int step) {
        var pids = new HashSet<Long>();
        for (Slot slot : supervisor.slots.values()) {
            if (slot.state.hasLiveChild()) {
                assertThat(((FakeChild) slot.child).exited()).as("seed %d, step %d: %s is %s with a child that exited",
                        seed, step, slot.name(), slot.state).isFalse();
                assertThat(pids.add(slot.child.pid())).as("seed %d, step %d: pid twice", seed, step).isTrue();
            }
            if (slot.name().equals("svc") && slot.alive() && slot.intent == Intent.NONE && slot.boundTo.contains("db")) {
                Slot db = supervisor.slots.get("db");
                assertThat(db.satisfiesDependents() && db.intent == Intent.NONE).as("seed %d, step %d: svc runs, bound to db, which is %s (%s)",
                        seed, step, db.state, db.intent.kind()).isTrue();
            }
            if (slot.state == ProcessState.WAITING || slot.state == ProcessState.BACKING_OFF) {
                assertThat(slot.intent).as("seed %d, step %d: %s is %s", seed, step, slot.name(), slot.state).isEqualTo(Intent.NONE);
            }
        }
        for (FakeChild child : launcher.launched) {
            if (!child.exited()) {
                assertThat(supervisor.slots.values().stream().anyMatch(s -> s.child == child && s.state.hasLiveChild()))
                        .as("seed %d, step %d: a child of %s runs unsupervised", seed, step, child.name).isTrue();
            }
        }
    }

    private Asked send(Command command, int step) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(command, reply));
        supervisor.runPending();
        return new Asked(command, reply, clock.millis(), step);
    }

    private static Command randomCommand(Random random) {
        var names = new ArrayList<String>();
        names.add(NAMES.get(random.nextInt(NAMES.size())));
        String second = NAMES.get(random.nextInt(NAMES.size()));
        if (random.nextBoolean() && !names.contains(second)) {
            names.add(second);
        }
        return switch (random.nextInt(4)) {
            case 0 -> new Command.Start(names);
            case 1 -> new Command.Stop(names, false);
            case 2 -> new Command.Stop(names, true);
            default -> new Command.Restart(names);
        };
    }

    private List<FakeChild> live() {
        return launcher.launched.stream().filter(c -> !c.exited()).toList();
    }

    private void crash(Random random) {
        List<FakeChild> live = live();
        if (!live.isEmpty()) {
            live.get(random.nextInt(live.size())).exit(Arrays.asList(1, 137, 143, 0).get(random.nextInt(4)));
            supervisor.runPending();
        }
    }

    /** The next stop signal does not end this child: it takes its time (or the stop timeout kills it). */
    private void slowDown(Random random) {
        List<FakeChild> live = live();
        if (!live.isEmpty()) {
            live.get(random.nextInt(live.size())).exitOnSignal = -1;
        }
    }

    private void finishSlowStop(Random random) {
        List<FakeChild> slow = live().stream().filter(c -> c.signals.contains(15)).toList();
        if (!slow.isEmpty()) {
            slow.get(random.nextInt(slow.size())).killedBy(15);
            supervisor.runPending();
        }
    }

    private void finishJob(Random random) {
        live().stream().filter(c -> c.name.equals("job")).findFirst().ifPresent(c -> {
            c.exit(random.nextInt(3) == 0 ? 1 : 0);
            supervisor.runPending();
        });
    }

    private void finishJobNow() {
        live().stream().filter(c -> c.name.equals("job")).findFirst().ifPresent(c -> {
            c.exit(0);
            supervisor.runPending();
        });
    }
}

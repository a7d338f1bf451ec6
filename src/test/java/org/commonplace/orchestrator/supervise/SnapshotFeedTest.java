package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/** What the snapshot listeners are told ({@link SnapshotFeed}), in the fake world. */
final class SnapshotFeedTest {
    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<String> told = new ArrayList<>();
    private Supervisor supervisor;

    private void process(String name, RestartPolicy policy) {
        processes.add(new ManagedProcess(name, List.of(), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                new RestartSpec(policy, 100, 800), StopSignal.TERM, 5000));
    }

    private void supervise(SnapshotListener listener) {
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.addListener(listener);
    }

    /**
     * A listener that throws (an Error: the loop takes it for a core failure and stops everything)
     * used to cost the listeners every other change of that turn for good: the list of changed
     * processes was emptied before they were told. Here q failed for good in that turn and nothing
     * touched it again, so the state published of q stayed "waiting" while it had failed.
     */
    @Test
    void aListenerThatThrowsLeavesNoProcessUntold() {
        process("p", RestartPolicy.NEVER);
        process("q", RestartPolicy.NEVER);
        process("r", RestartPolicy.ALWAYS);
        launcher.failing.addAll(List.of("p", "q"));
        boolean[] thrown = {false};
        supervise(snapshot -> {
            if (snapshot.name().equals("p") && !thrown[0]) {
                thrown[0] = true;
                throw new OutOfMemoryError("Java heap space");
            }
            told.add(snapshot.name() + " " + snapshot.state());
        });
        supervisor.runPending();
        assertThat(thrown[0]).isTrue();
        assertThat(told).contains("q FAILED", "r STOPPING");
        launcher.latest("r").killedBy(15);
        supervisor.runPending();
        assertThat(supervisor.exitCode()).contains(1);
        assertThat(told).containsOnlyOnce("q FAILED");
    }

    /** Whether a process changed is decided by comparing snapshots: time passing changes nothing. */
    @Test
    void aProcessIsToldOncePerChangeHoweverTimeMoves() {
        process("a", RestartPolicy.ALWAYS);
        List<ProcessSnapshot> heard = new ArrayList<>();
        supervise(heard::add);
        supervisor.runPending();
        for (int i = 0; i < 5; i++) {
            clock.advance(1000);
            supervisor.post(new Event.Say("a line")); // an event after which every process is looked at
            supervisor.runPending();
        }
        assertThat(heard).hasSize(1);
        launcher.latest("a").exit(1);
        supervisor.runPending();
        assertThat(heard).hasSize(2);
        assertThat(heard.getLast().lastExitAt()).isPresent();
        // Its times are the ticker's on the wall clock: told again unchanged, they are equal.
        assertThat(heard.getFirst().startedAt()).isEqualTo(heard.getLast().startedAt());
    }

    /** The list of processes a turn changed is bounded: past it, every process is compared instead. */
    @Test
    void moreTransitionsInATurnThanTheListHoldsMakeEveryProcessCompared() {
        process("a", RestartPolicy.ALWAYS);
        process("b", RestartPolicy.ALWAYS);
        process("c", RestartPolicy.ALWAYS);
        var slots = new java.util.LinkedHashMap<String, Slot>();
        processes.forEach(p -> slots.put(p.name(), new Slot(p)));
        var feed = new SnapshotFeed(new Snapshots(clock));
        List<ProcessSnapshot> heard = new ArrayList<>();
        feed.add(heard::add);
        feed.tell(slots);
        assertThat(heard).hasSize(3);
        feed.heard(new Event.StartMore()); // an event about single processes: only the touched ones are compared
        for (int i = 0; i <= SnapshotFeed.MAX_TOUCHED; i++) {
            feed.touched(slots.get(i % 2 == 0 ? "a" : "b"));
        }
        slots.get("c").state = org.commonplace.orchestrator.model.ProcessState.FAILED; // changed, never touched
        feed.tell(slots);
        assertThat(heard).extracting(ProcessSnapshot::name).containsExactly("a", "b", "c", "c");
    }
}

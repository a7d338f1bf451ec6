package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.ReplicaCheck;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/** Replicas made from a template, and {@code scale} in the fake world. */
final class ScaleTest {
    private final FakeClock clock = new FakeClock();
    private final FakeLauncher launcher = new FakeLauncher();
    private final RecordingSink sink = new RecordingSink();
    private Supervisor supervisor;

    private static ManagedProcess process(String name, List<String> args, Map<String, String> env, String... deps) {
        return new ManagedProcess(name, List.of(deps), new LaunchSpec(name, args, Path.of("."), env),
                new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000);
    }

    private void start(int replicas) {
        var plan = Replicas.expand(List.of(process("web", List.of("--port", "80${REPLICA}"), Map.of("NAME", "web-${REPLICA}")),
                process("app", List.of(), Map.of(), "web")), Map.of("web", replicas));
        supervisor = new Supervisor(plan, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.runPending();
    }

    private CommandReply scale(String name, int count) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(new Command.Scale(name, count), reply));
        supervisor.runPending();
        return reply.join();
    }

    @Test
    void eachReplicaGetsItsNumberInEnvAndArgsAndDependentsDependOnEvery() {
        var plan = Replicas.expand(List.of(process("web", List.of("--port", "80${REPLICA}"), Map.of("NAME", "web-${REPLICA}")),
                process("app", List.of(), Map.of(), "web")), Map.of("web", 2));
        assertThat(plan).extracting(ManagedProcess::name).containsExactly("web.1", "web.2", "app");
        assertThat(plan.get(1).launch().args()).containsExactly("--port", "802");
        assertThat(plan.get(1).launch().env()).containsEntry("REPLICA", "2").containsEntry("NAME", "web-2");
        assertThat(plan.get(1).replica().group()).isEqualTo("web");
        assertThat(plan.get(2).dependsOn()).containsExactly("web.1", "web.2");
    }

    @Test
    void eachReplicaGetsItsOwnReadyCheckAndScaleRefusesACountWhoseNewReplicaHasNoValidOne() {
        var written = new ReplicaCheck("tcp", TextNode.valueOf("127.0.0.1:6553${REPLICA}"));
        var web = process("web", List.of(), Map.of()).withChecks(
                Optional.of(new ReadySpec(written.forReplica(1), 250, 60_000, Optional.of(written))), Optional.empty());
        var plan = Replicas.expand(List.of(web), Map.of("web", 5));
        assertThat(plan.get(1).ready().orElseThrow().check()).isEqualTo(new ReadyCheck.Tcp("127.0.0.1", 65532));
        supervisor = new Supervisor(plan, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(sink));
        supervisor.runPending();
        var reply = scale("web", 6);
        assertThat(reply.ok()).isFalse();
        assertThat(reply.message()).contains("replica 6's check would not be valid", "65536");
        assertThat(supervisor.slots.keySet()).containsExactly("web.1", "web.2", "web.3", "web.4", "web.5");
    }

    @Test
    void scaleUpStartsNewReplicasAndLeavesTheRestRunning() {
        start(2);
        assertThat(launcher.order()).containsExactly("web", "web", "app");
        var reply = scale("web", 4);
        assertThat(reply.lines()).containsExactly("started: web.3, web.4", "updated: app", "kept: web.1, web.2");
        assertThat(launcher.launched).hasSize(5);
        assertThat(supervisor.state("web.4")).isEqualTo(ProcessState.RUNNING);
        assertThat(supervisor.slots.get("app").spec.dependsOn()).containsExactly("web.1", "web.2", "web.3", "web.4");
        assertThat(supervisor.slots.get("web.4").spec.launch().env()).containsEntry("REPLICA", "4").containsEntry("NAME", "web-4");
        assertThat(sink.text()).contains("scaled web from 2 to 4 replicas: started: web.3, web.4");
    }

    @Test
    void scaleDownStopsTheHighestReplicasAndKeepsTheLowest() {
        start(3);
        FakeChild first = launcher.launched.get(0);
        FakeChild third = launcher.launched.get(2);
        var reply = scale("web", 1);
        assertThat(reply.lines()).contains("stopped: web.2, web.3");
        assertThat(third.signals).startsWith(15);
        assertThat(first.signals).isEmpty();
        assertThat(supervisor.slots.keySet()).containsExactly("web.1", "app");
        assertThat(supervisor.state("app")).isEqualTo(ProcessState.RUNNING);
        assertThat(launcher.launches("app")).isOne();
    }

    @Test
    void scaleRefusesAProcessWithoutReplicasAndACountOutOfRange() {
        start(2);
        assertThat(scale("app", 2).error()).isEqualTo("not_replicated");
        assertThat(scale("web", 0).error()).isEqualTo("bad_request");
        assertThat(scale("web", 2).lines()).containsExactly("web runs 2 replicas already");
    }
}

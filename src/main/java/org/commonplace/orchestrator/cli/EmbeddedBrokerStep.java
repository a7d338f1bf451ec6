package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.LivenessSpec;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * The embedded broker made a supervised process of the run, at its edge (issue 24): it comes first
 * in the list the supervisor is handed, it is ready when it answers a CONNECT with a CONNACK (and
 * alive while it does: checked every 10 s, restarted after 3 failures in a row), restarted with backoff (0.5 s doubling to 30 s) when it dies, and every process that is handed
 * {@code --mqtt-broker} or waits for the broker in a check depends on it, so it starts first and
 * stops last. So it is shown by {@code ps} and {@code top} and in the published state like any process.
 */
final class EmbeddedBrokerStep {
    /** Its name unless the config has a process of that name. */
    static final String NAME = "broker";
    static final String OTHER_NAME = "embedded-broker";
    static final long BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 30_000;
    static final long STOP_TIMEOUT_MS = 5_000;

    private EmbeddedBrokerStep() {
    }

    /** {@return the plan with the broker (running {@code command}) first and what uses MQTT depending on it} */
    static RunPlan supervised(RunPlan plan, List<String> command) {
        List<String> names = plan.processes().stream().map(ManagedProcess::name).toList();
        String name = names.contains(NAME) ? OTHER_NAME : NAME;
        if (names.contains(name)) {
            throw new UsageException("the embedded broker runs as a process named '" + NAME + "' or '" + OTHER_NAME
                    + "', and the config has both; rename one");
        }
        var broker = new ManagedProcess(name, List.of(),
                new LaunchSpec(command.getFirst(), command.subList(1, command.size()), Path.of("").toAbsolutePath(), Map.of()),
                new RestartSpec(RestartPolicy.ALWAYS, BACKOFF_MS, MAX_BACKOFF_MS), StopSignal.TERM, STOP_TIMEOUT_MS,
                Optional.of(ReadySpec.withDefaults(new ReadyCheck.Mqtt(plan.broker()))),
                // Alive while it answers: Moquette sends CONNACKs from its session loop. A loop ended by an
                // exception makes the broker's process exit (broker/CoreThreads); one that hangs leaves the JVM
                // up but every client unanswered, which only this check's restart cures.
                Optional.of(LivenessSpec.withDefaults(new ReadyCheck.Mqtt(plan.broker()))), 0);
        var processes = new ArrayList<ManagedProcess>();
        processes.add(broker);
        for (ManagedProcess p : plan.processes()) {
            if (usesMqtt(p) && !p.dependsOn().contains(name)) {
                var deps = new ArrayList<>(p.dependsOn());
                deps.add(name);
                p = p.withDependsOn(deps);
            }
            processes.add(p);
        }
        return new RunPlan(processes, plan.broker(), false, plan.warnings(), Optional.of(name), true);
    }

    /** {@return whether it is handed the broker's address or checks the broker to be ready or alive} */
    static boolean usesMqtt(ManagedProcess p) {
        boolean handed = p.launch().args().stream().anyMatch(a -> a.equals("--mqtt-broker") || a.startsWith("--mqtt-broker="));
        boolean checks = p.ready().map(r -> r.check() instanceof ReadyCheck.Mqtt).orElse(false)
                || p.liveness().map(l -> l.check() instanceof ReadyCheck.Mqtt).orElse(false);
        return handed || checks;
    }
}

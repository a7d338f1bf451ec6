package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.junit.jupiter.api.Test;

/** The embedded broker's place in the plan: first, ready and alive while it answers CONNECT with CONNACK. */
final class EmbeddedBrokerStepTest {
    @Test
    void theBrokerComesFirstAndIsCheckedForLifeAsForReadiness() {
        var address = new BrokerAddress("127.0.0.1", 21883);
        var store = new ManagedProcess("store", List.of(), new LaunchSpec("store", List.of("--mqtt-broker", "127.0.0.1:21883"),
                Path.of("."), Map.of()), new RestartSpec(RestartPolicy.ALWAYS, 100, 800), StopSignal.TERM, 5000);
        var plan = new RunPlan(List.of(store), address, false, List.of(), Optional.empty(), true);
        List<ManagedProcess> processes = EmbeddedBrokerStep.supervised(plan, List.of("java", "broker")).processes();
        ManagedProcess broker = processes.getFirst();
        assertThat(broker.name()).isEqualTo(EmbeddedBrokerStep.NAME);
        assertThat(broker.ready().orElseThrow().check()).isEqualTo(new ReadyCheck.Mqtt(address));
        // A broker whose session loop died keeps running but answers nobody: its liveness check restarts it.
        assertThat(broker.liveness().orElseThrow().check()).isEqualTo(new ReadyCheck.Mqtt(address));
        assertThat(processes.get(1).dependsOn()).containsExactly(EmbeddedBrokerStep.NAME);
    }
}

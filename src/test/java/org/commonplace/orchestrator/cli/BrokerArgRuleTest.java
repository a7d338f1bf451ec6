package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.junit.jupiter.api.Test;

/** Who gets --mqtt-broker by the name rule: commonplace programs, by file name or by a folder named commonplace. */
final class BrokerArgRuleTest {
    private static ProcessSpec spec(String command) {
        return new ProcessSpec("p", command, List.of(), List.of(), RestartSpec.defaults(), Path.of("/"), Map.of(),
                StopSignal.TERM, 1000, Optional.empty(), Optional.empty());
    }

    @Test
    void aCommandInAFolderNamedCommonplaceGetsTheBrokerAsTheRealOrchestratorDoes() {
        assertThat(BrokerArgRule.wantsBroker(spec("commonplace-store"))).isTrue();
        assertThat(BrokerArgRule.wantsBroker(spec("/home/me/commonplace/target/release/store"))).isTrue();
        assertThat(BrokerArgRule.wantsBroker(spec("commonplace/bin/sync"))).isTrue();
        assertThat(BrokerArgRule.wantsBroker(spec("/tmp/commonplace-orchestrator/bin/x"))).as("a clone of this project").isFalse();
        assertThat(BrokerArgRule.wantsBroker(spec("python3"))).isFalse();
        assertThat(BrokerArgRule.apply(spec("/opt/commonplace/store"), List.of("--mqtt-broker=h:1"), "b:2"))
                .containsExactly("--mqtt-broker=h:1");
    }
}

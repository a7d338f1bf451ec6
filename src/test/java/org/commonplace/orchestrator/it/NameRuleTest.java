package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket applies the config's name rule ({@code model.Names}, issue 23's "one home per
 * rule"): a name no process can have is answered with the rule, as {@code check} says it. Before,
 * the control socket had no rule of its own and searched any text for a likeness among the names.
 */
final class NameRuleTest {
    @TempDir
    Path dir;

    @Test
    void aStopOfSomethingThatCannotBeANameIsAnsweredWithTheNameRule() throws Exception {
        var config = new ConfigBuilder();
        config.shell("web", "echo up; exec sleep 1000");
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[web] up");
            Path socket = RunFiles.of(file).socket();
            JsonNode slash = ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"stop\",\"names\":[\"../web\"]}");
            assertThat(slash.path("ok").asBoolean()).isFalse();
            assertThat(slash.path("message").asText()).startsWith("process name '../web' may only use letters, digits,"
                    + " '.', '_' and '-', because names become log prefixes");
            JsonNode typo = ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"stop\",\"names\":[\"wbe\"]}");
            assertThat(typo.path("message").asText()).startsWith("no process named 'wbe' (did you mean 'web'?)");
            assertThat(ControlClient.process(file, "web").path("state").asText()).isEqualTo("running");
        }
    }
}

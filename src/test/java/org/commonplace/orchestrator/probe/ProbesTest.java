package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.junit.jupiter.api.Test;

/** Which probe each kind of check gets. */
final class ProbesTest {
    private static final Path CWD = Path.of("/");

    @Test
    void everyKindButLogHasAProbe() {
        assertThat(Probes.forCheck(new ReadyCheck.Tcp("h", 1), CWD, Map.of(), null)).containsInstanceOf(TcpProbe.class);
        assertThat(Probes.forCheck(new ReadyCheck.Http(URI.create("http://h/")), CWD, Map.of(), null))
                .containsInstanceOf(HttpProbe.class);
        assertThat(Probes.forCheck(new ReadyCheck.Exec(List.of("true")), CWD, Map.of(), null))
                .containsInstanceOf(ExecProbe.class);
        assertThat(Probes.forCheck(new ReadyCheck.Mqtt(new BrokerAddress("h", 1883)), CWD, Map.of(), null))
                .containsInstanceOf(MqttProbe.class);
    }

    @Test
    void logCheckHasNoProbeBecauseTheOutputPathMatchesIt() {
        assertThat(Probes.forCheck(new ReadyCheck.Log(Pattern.compile("up")), CWD, Map.of(), null)).isEmpty();
    }
}

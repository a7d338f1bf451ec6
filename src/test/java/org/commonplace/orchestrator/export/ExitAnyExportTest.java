package org.commonplace.orchestrator.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.junit.jupiter.api.Test;

/** Issue 27: a job with {@code "exit": "any"} exports as done with any code, not with code -1. */
final class ExitAnyExportTest {
    @Test
    void aSystemdUnitOfAJobDoneWithAnyCodeCountsEveryCodeASuccess() {
        var job = new ManagedProcess("warm", List.of(), new LaunchSpec("/bin/sh", List.of("-c", "exit 7"), Path.of("/"), Map.of()),
                new RestartSpec(RestartPolicy.NEVER, 100, 800), StopSignal.TERM, 5000,
                Optional.of(new ReadySpec(new ReadyCheck.Exit(ReadyCheck.Exit.ANY), 250, ReadySpec.NO_TIMEOUT)));
        String unit = SystemdUnits.render(List.of(job), new SystemdUnits.Options("cp", 252, Path.of("/etc/c.json"), Map.of("PATH", "/bin")))
                .get(SystemdUnits.unitName("cp", "warm"));
        assertThat(unit).contains("Type=oneshot\n").contains("SuccessExitStatus=1 2 3 ").contains(" 254 255\n").doesNotContain("-1");
    }
}

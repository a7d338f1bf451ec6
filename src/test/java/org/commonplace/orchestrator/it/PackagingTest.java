package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** packaging/commonplace.service, with its paths pointed at this checkout, loads in systemd without a warning. */
final class PackagingTest {
    @TempDir
    Path dir;

    @Test
    void theUnitFileLoadsWithoutAWarningOnceItsPathsExist() throws Exception {
        String unit = Files.readString(Path.of("packaging/commonplace.service"))
                .replace("/opt/commonplace-orchestrator", Path.of("").toAbsolutePath().toString())
                .replace("/srv/commonplace", dir.toString());
        assertThat(unit).contains("Type=notify\n", "KillMode=mixed\n", "WatchdogSec=", "ExecReload=", "TimeoutStopSec=");
        Path file = dir.resolve("commonplace.service");
        Files.writeString(file, unit);
        Process verify = new ProcessBuilder("systemd-analyze", "verify", file.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertThat(verify.waitFor()).as(output).isZero();
        assertThat(output).isEmpty();
    }
}

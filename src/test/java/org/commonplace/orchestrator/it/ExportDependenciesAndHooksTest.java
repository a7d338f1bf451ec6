package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the exports used to drop: {@code depends_on}'s {@code "restart": true} ({@code BindsTo=} and
 * {@code PartOf=}), {@code "required": false} ({@code Wants=}), {@code success_exit_codes} ({@code
 * SuccessExitStatus=}) and {@code on_failure} ({@code OnFailure=} and a oneshot unit for the hook);
 * systemd-analyze verify accepts every unit.
 */
final class ExportDependenciesAndHooksTest {
    private static final String CONFIG = """
            {"processes": {
              "db":    {"command": "/bin/sleep", "args": ["300"],
                        "restart": {"policy": "on_failure", "success_exit_codes": [0, 3, 4]},
                        "on_failure": {"command": ["/bin/echo", "db failed"], "timeout_ms": 3000}},
              "cache": {"command": "/bin/sleep", "args": ["300"]},
              "seed":  {"command": "/bin/true", "restart": {"policy": "never", "success_exit_codes": [2]}, "ready": {"exit": 0}},
              "web":   {"command": "/bin/sleep", "args": ["300"], "depends_on": {
                          "db": {"condition": "service_started", "restart": true},
                          "cache": {"condition": "service_started", "required": false, "timeout_ms": 5000},
                          "seed": {"condition": "service_completed_successfully"}}}
            }}
            """;

    @TempDir
    Path dir;

    @Test
    void dependenciesSuccessCodesAndHooksReachSystemd() throws Exception {
        Path config = Files.writeString(dir.resolve("shop.json"), CONFIG);
        Path units = dir.resolve("units");
        try (var run = OrchestratorRun.start("export", "systemd", "--config", config.toString(), "--output", units.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
        }
        assertThat(ExportSystemdTest.verify(units)).isEmpty();
        String web = Files.readString(units.resolve("shop-web.service"));
        assertThat(web).contains("\nBindsTo=shop-db.service\n", "\nPartOf=shop-db.service\n", "\nWants=shop-cache.service\n",
                "\nRequires=shop-seed.service\n", "\nAfter=shop-db.service shop-cache.service shop-seed.service\n",
                "# depends_on cache: timeout_ms 5000 is not kept")
                .doesNotContain("Requires=shop-db.service", "Requires=shop-cache.service");
        String db = Files.readString(units.resolve("shop-db.service"));
        assertThat(db).contains("\nSuccessExitStatus=3 4\n", "\nOnFailure=shop-db-on-failure.service\n");
        String seed = Files.readString(units.resolve("shop-seed.service"));
        assertThat(seed).contains("\nSuccessExitStatus=2\n", "# success_exit_codes leaves 0 out");
        String hook = Files.readString(units.resolve("shop-db-on-failure.service"));
        assertThat(hook).contains("\nType=oneshot\n", "\nExecStart=/bin/echo \"db failed\"\n", "\nEnvironment=\"NAME=db\"\n",
                "\nTimeoutStartSec=3000ms\n");
        assertThat(units.resolve("shop-web-on-failure.service")).doesNotExist();
    }
}

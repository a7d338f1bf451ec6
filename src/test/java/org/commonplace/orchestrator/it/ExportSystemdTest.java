package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.commonplace.orchestrator.testing.EveryKeyConfig;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export systemd} writes units that systemd's own checker ({@code systemd-analyze verify}, the
 * machine's systemd: Debian 12 has 252) loads without a single warning.
 */
final class ExportSystemdTest {
    @TempDir
    Path dir;

    /** Runs {@code export systemd ARGS} with the fake commonplace programs and the JDK's tools on PATH. */
    private OrchestratorRun export(String... args) {
        String path = EveryKeyConfig.fakePrograms(dir) + ":" + Path.of(Java.binary()).getParent() + ":"
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        var all = new ArrayList<>(List.of("export", "systemd"));
        all.addAll(List.of(args));
        return OrchestratorRun.start(List.of(), List.of(), Map.of("PATH", path), all.toArray(String[]::new));
    }

    private Path exported(Path config, String... extra) {
        Path units = dir.resolve("units-" + config.getFileName());
        var args = new ArrayList<>(List.of("--config", config.toString(), "--output", units.toString()));
        args.addAll(List.of(extra));
        try (var run = export(args.toArray(String[]::new))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
        }
        return units;
    }

    /** {@return what systemd-analyze verify says of every unit in the folder: nothing, when all is well} */
    static String verify(Path units) throws IOException, InterruptedException {
        List<String> files;
        try (Stream<Path> list = Files.list(units)) {
            files = list.map(Path::toString).sorted().toList();
        }
        var command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        command.addAll(files);
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Dependencies between the units are looked up by name: the folder is searched first.
        builder.environment().put("SYSTEMD_UNIT_PATH", units + ":");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = process.waitFor();
        return code == 0 ? output : "exit " + code + ": " + output;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    @Test
    void commonplaceJsonExportsToUnitsSystemdAcceptsWithTheBrokerArgumentAppended() throws Exception {
        Path config = dir.resolve("commonplace.json");
        Files.copy(Path.of("commonplace.json"), config);
        Path units = exported(config);
        assertThat(verify(units)).isEmpty();
        try (Stream<Path> list = Files.list(units)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "commonplace-store.service", "commonplace-http.service", "commonplace.target");
        }
        String http = read(units.resolve("commonplace-http.service"));
        assertThat(http).contains("ExecStart=" + dir.resolve("bin/commonplace-http") + " --port 3000 --mqtt-broker localhost:1883\n",
                "Requires=commonplace-store.service\n", "After=commonplace-store.service\n", "Restart=always\n",
                "RestartSec=500ms\n", "KillMode=control-group\n", "KillSignal=SIGTERM\n", "TimeoutStopSec=5000ms\n",
                "WorkingDirectory=" + dir + "\n", "WantedBy=commonplace.target\n")
                .doesNotContain("\nRestartSteps=");
        assertThat(read(units.resolve("commonplace.target")))
                .contains("Wants=commonplace-store.service commonplace-http.service\n", "WantedBy=multi-user.target\n");
    }

    @Test
    void theDemoExportsToUnitsSystemdAccepts() throws Exception {
        Path units = exported(Path.of("examples/demo.json").toAbsolutePath());
        assertThat(verify(units)).isEmpty();
        String web = read(units.resolve("demo-web.service"));
        assertThat(web).contains("ExecStart=" + Path.of(Java.binary()).getParent().resolve("jwebserver"),
                "WorkingDirectory=" + Path.of("examples/demo/www").toAbsolutePath() + "\n",
                "# Ready when tcp 127.0.0.1:8765", "Requires=demo-clock.service\n");
        assertThat(read(units.resolve("demo-clock.service"))).contains("# Ready when log /^ready/");
    }

    @Test
    void aConfigWithEveryKeyExportsToUnitsSystemdAcceptsWithoutAWarning() throws Exception {
        Path units = exported(EveryKeyConfig.writeTo(dir), "--mqtt-broker", "10.0.0.5:1883");
        assertThat(verify(units)).isEmpty();
        String store = read(units.resolve("every-key-store.service"));
        assertThat(store).contains(
                "ExecStart=" + dir.resolve("bin/commonplace-store") + " --path \"with space\" \\; \"'single'\" --mqtt-broker 10.0.0.5:1883\n",
                "WorkingDirectory=" + dir.resolve("work dir") + "\n",
                "Requires=every-key-migrate.service every-key-mosquitto.service\n",
                "KillSignal=SIGINT\n", "TimeoutStopSec=12000ms\n", "RestartSec=250ms\n",
                "# The orchestrator doubles the delay up to 4000 ms", "# Ready when tcp 127.0.0.1:7000");
        String migrate = read(units.resolve("every-key-migrate.service"));
        assertThat(migrate).contains("Type=oneshot\n", "RemainAfterExit=yes\n", "SuccessExitStatus=3\n", "Restart=on-failure\n",
                "ExecStart=/bin/sh -c \"echo \\\"it's 100%% $$HOME\\\" ; exit 3\"\n",
                "Environment=\"GREETING=hello world\"\n", "Environment=\"PERCENT=50%%\"\n",
                "Environment=\"QUOTED=say \\\"hi\\\" \\\\ $HOME\"\n");
        String http = read(units.resolve("every-key-http.service"));
        assertThat(http).contains("Restart=no\n", "KillSignal=SIGQUIT\n", "# Ready when http http://127.0.0.1:3000/health")
                .doesNotContain("--mqtt-broker", "RestartSec=");
        assertThat(read(units.resolve("every-key-worker.service"))).contains("KillSignal=SIGKILL\n", "# Ready when exec",
                "ExecStartPost=/bin/sh -c \"until \\\"$$@\\\"; do sleep 0.25; done\" ready-check /bin/test -e /tmp\n",
                "TimeoutStartSec=60000ms\n");
        assertThat(read(units.resolve("every-key-tail.service"))).contains("KillSignal=SIGUSR1\n", "TimeoutStopSec=0ms\n");
    }

    @Test
    void systemd254AddsTheDoublingBackoffKeys() throws Exception {
        Path units = exported(EveryKeyConfig.writeTo(dir), "--systemd-version", "254");
        assertThat(read(units.resolve("every-key-store.service")))
                .contains("RestartSec=250ms\n", "RestartSteps=4\n", "RestartMaxDelaySec=4000ms\n")
                .doesNotContain("# The orchestrator doubles");
    }

    @Test
    void aProgramThatIsNotFoundIsAnErrorNamingTheProcess() throws Exception {
        Path config = dir.resolve("missing.json");
        Files.writeString(config, "{\"processes\": {\"ghost\": {\"command\": \"no-such-program-here\"}}}");
        try (var run = export("--config", config.toString(), "--output", dir.resolve("out").toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(run.stderr()).contains("export systemd: ghost: command 'no-such-program-here' not found on PATH");
        }
    }
}

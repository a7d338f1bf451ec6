package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules and replicas exported (issue 28, items 1 and 2): a systemd .timer per scheduled job and a
 * template unit per replicated process, which systemd's checker loads without a word; a Kubernetes
 * CronJob and a Deployment with {@code replicas:}.
 */
final class ExportSchedulesAndReplicasTest {
    @TempDir
    Path dir;

    private Path config() {
        var config = new ConfigBuilder();
        var web = config.process("web", "/bin/sh", List.of("-c", "exec sleep 1000 # $1", "sh", "${REPLICA}"));
        web.put("replicas", 3);
        web.put("env", Map.of("PORT", "80${REPLICA}"));
        web.put("ready", Map.of("exec", List.of("/usr/bin/test", "-e", "/run/web-${REPLICA}")));
        config.process("app", "/bin/sleep", List.of("1000")).put("depends_on", List.of("web"));
        config.process("backup", "/bin/true", List.of()).putAll(Map.of("restart", ConfigBuilder.restart("on_failure", 500, 500),
                "schedule", Map.of("cron", "*/15 2-4 * * sat,sun", "time_zone", "Europe/Berlin", "overlap", "replace")));
        return config.writeTo(dir, "shop.json");
    }

    private Path export(String... args) {
        Path out = dir.resolve("out-" + args[0]);
        var all = new ArrayList<>(List.of("export"));
        all.addAll(List.of(args));
        all.addAll(List.of("--config", config().toString(), "--output", out.toString()));
        try (var run = OrchestratorRun.start(all.toArray(String[]::new))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
        }
        return out;
    }

    @Test
    void systemdGetsATimerAndATemplateUnitThatItsCheckerAccepts() throws Exception {
        Path units = export("systemd");
        assertThat(ExportSystemdTest.verify(units)).isEmpty();
        try (Stream<Path> list = Files.list(units)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "shop-web@.service", "shop-app.service", "shop-backup.service", "shop-backup.timer", "shop.target");
        }
        assertThat(Files.readString(units.resolve("shop-web@.service"))).contains(
                "ExecStart=/bin/sh -c \"exec sleep 1000 # $$1\" sh \"%i\"\n", "Environment=\"PORT=80%i\"\n",
                "Environment=\"REPLICA=%i\"\n");
        assertThat(Files.readString(units.resolve("shop-web@.service"))).as("each instance checks its own replica")
                .contains("/run/web-%i").doesNotContain("/run/web-1");
        assertThat(Files.readString(units.resolve("shop-app.service"))).contains(
                "Requires=shop-web@1.service shop-web@2.service shop-web@3.service\n");
        assertThat(Files.readString(units.resolve("shop-backup.timer"))).contains(
                "OnCalendar=Sat,Sun *-*-* 02..04:00/15:00 Europe/Berlin\n", "Unit=shop-backup.service\n", "Persistent=false\n",
                "# overlap replace: a timer never starts a service that still runs");
        assertThat(Files.readString(units.resolve("shop-backup.service"))).doesNotContain("[Install]");
        assertThat(Files.readString(units.resolve("shop.target"))).contains(
                "Wants=shop-backup.timer shop-web@1.service shop-web@2.service shop-web@3.service shop-app.service\n");
    }

    @Test
    void kubernetesGetsACronJobAndADeploymentWithReplicas() throws Exception {
        Path objects = export("kubernetes", "--image", "web=shop/web:1", "--image", "app=shop/app:1", "--image", "backup=shop/backup:1");
        String web = Files.readString(objects.resolve("web.yaml"));
        assertThat(web).contains("kind: \"Deployment\"", "  replicas: 3\n", "${REPLICA} has no Deployment equivalent",
                "${REPLICA} in a check has no Deployment equivalent");
        String backup = Files.readString(objects.resolve("backup.yaml"));
        assertThat(backup).contains("kind: \"CronJob\"", "  schedule: \"*/15 2-4 * * 6,0\"\n", "  timeZone: \"Europe/Berlin\"\n",
                "  concurrencyPolicy: \"Replace\"\n", "  startingDeadlineSeconds: 60\n", "restartPolicy: \"OnFailure\"");
        assertThat(objects.resolve("web.1.yaml")).doesNotExist();
    }
}

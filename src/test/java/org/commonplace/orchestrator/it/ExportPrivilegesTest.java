package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;


import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.testing.KubernetesModel;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.SystemUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privilege keys and max_memory_mb in the exports: systemd gets a key for each (and
 * systemd-analyze verify accepts the unit), Kubernetes the securityContext and memory limit it can
 * express, with a note for each it cannot.
 */
final class ExportPrivilegesTest {
    /** A user of the test's own (systemd refuses nobody: "Special user nobody configured, this is not safe!"). */
    private static SystemUsers accounts;
    private static SystemUsers.User user;

    @BeforeAll
    static void makeUser() {
        assertThat(SystemUsers.root()).as("making a user needs root, as CI runs").isTrue();
        accounts = new SystemUsers();
        user = accounts.user();
    }

    @AfterAll
    static void removeUser() {
        if (accounts != null) {
            accounts.close();
        }
    }

    private static final String CONFIG = """
            {"processes": {"web": {"command": "/bin/sleep", "args": ["300"], "user": "%1$s", "group": "%1$s",
              "supplementary_groups": ["%1$s", "0"], "umask": "027",
              "limits": {"nofile": 65536, "core": {"soft": 0, "hard": "unlimited"}}, "nice": 5, "oom_score_adj": 300,
              "capabilities": ["net_bind_service"], "max_memory_mb": 256}}}
            """;

    @TempDir
    Path dir;

    private static String run(String... args) {
        try (var run = OrchestratorRun.start(args)) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
            return run.stdout();
        }
    }

    @Test
    void systemdGetsEveryKeyAndVerifyAcceptsIt() throws Exception {
        Path config = Files.writeString(dir.resolve("lowered.json"), CONFIG.formatted(user.name()));
        Path units = dir.resolve("units");
        run("export", "systemd", "--config", config.toString(), "--output", units.toString());
        assertThat(ExportSystemdTest.verify(units)).isEmpty();
        assertThat(Files.readString(units.resolve("lowered-web.service"))).contains("User=" + user.name() + "\n", "Group=" + user.name() + "\n",
                "SupplementaryGroups=0\n", "UMask=0027\n", "LimitNOFILE=65536\n", "LimitCORE=0:infinity\n", "Nice=5\n",
                "OOMScoreAdjust=300\n", "NoNewPrivileges=yes\n", "AmbientCapabilities=CAP_NET_BIND_SERVICE\n",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n", "MemoryMax=256M\n");
    }

    @Test
    void kubernetesGetsTheSecurityContextAndMemoryAndANoteForTheRest() throws Exception {
        Path config = Files.writeString(dir.resolve("lowered.json"), CONFIG.formatted(user.name()));
        String yaml = run("export", "kubernetes", "--config", config.toString(), "--image", "web=busybox");
        List<HasMetadata> objects = KubernetesModel.read(yaml);
        var deployment = (Deployment) objects.getFirst();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        var security = container.getSecurityContext();
        assertThat(security.getRunAsUser()).isEqualTo((long) user.uid());
        assertThat(security.getRunAsGroup()).isEqualTo((long) user.gid());
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getAdd()).containsExactly("NET_BIND_SERVICE");
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getSupplementalGroups())
                .containsExactly(0L);
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
        assertThat(yaml).contains("# - umask 027: a pod cannot set it", "# - limits nofile, core: a pod cannot set rlimits",
                "# - nice 5: a pod cannot set it", "# - oom_score_adj 300: Kubernetes sets it");
    }
}

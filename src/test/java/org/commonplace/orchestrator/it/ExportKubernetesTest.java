package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.testing.EveryKeyConfig;
import org.commonplace.orchestrator.testing.KubernetesModel;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export kubernetes} writes objects the Kubernetes model reads strictly (no unknown field, no
 * wrong type), and they hang together: selectors match their pods, probes and Services use the port
 * the ready check names, and each init container waits for a Service that exists.
 */
final class ExportKubernetesTest {
    private static final String DNS_1035 = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";

    @TempDir
    Path dir;

    private static OrchestratorRun export(String... args) {
        var all = new ArrayList<>(List.of("export", "kubernetes"));
        all.addAll(List.of(args));
        return OrchestratorRun.start(all.toArray(String[]::new));
    }

    private static String exported(String... args) {
        try (var run = export(args)) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
            return run.stdout();
        }
    }

    /** Reads the objects and checks that they fit together; {@return them} */
    private static List<HasMetadata> readConsistent(String yaml) {
        List<HasMetadata> objects = KubernetesModel.read(yaml);
        var services = objects.stream().filter(o -> o instanceof Service).map(o -> (Service) o).toList();
        for (HasMetadata object : objects) {
            assertThat(object.getMetadata().getName()).matches(DNS_1035);
            PodSpec pod = switch (object) {
                case Deployment d -> {
                    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                            .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
                    yield d.getSpec().getTemplate().getSpec();
                }
                case Job j -> j.getSpec().getTemplate().getSpec();
                default -> null;
            };
            if (pod == null) {
                continue;
            }
            Container main = pod.getContainers().getFirst();
            assertThat(main.getImage()).isNotBlank();
            Optional.ofNullable(main.getReadinessProbe()).map(p -> p.getTcpSocket()).ifPresent(tcp ->
                    assertThat(main.getPorts()).anyMatch(p -> p.getContainerPort().equals(tcp.getPort().getIntVal())));
            for (Container wait : pod.getInitContainers()) {
                var script = java.util.regex.Pattern.compile("until nc -z -w 2 (\\S+) (\\d+);").matcher(wait.getCommand().get(2));
                assertThat(script.find()).as(wait.getCommand().toString()).isTrue();
                String service = script.group(1);
                int port = Integer.parseInt(script.group(2));
                assertThat(services).as("the Service %s that %s waits for", service, wait.getName())
                        .anyMatch(s -> s.getMetadata().getName().equals(service)
                                && s.getSpec().getPorts().getFirst().getPort() == port);
            }
        }
        for (Service service : services) {
            assertThat(objects).as("a pod for Service " + service.getMetadata().getName()).anyMatch(o -> o instanceof Deployment d
                    && d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        }
        return objects;
    }

    private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void commonplaceJsonExportsToDeploymentsWithTheImagesAndTheBrokerArgument() {
        String yaml = exported("--config", "commonplace.json", "--image", "store=ghcr.io/c/store:1", "--image", "http=ghcr.io/c/http:1",
                "--mqtt-broker", "mosquitto:1883");
        List<HasMetadata> objects = readConsistent(yaml);
        assertThat(objects).hasSize(2).allMatch(o -> o instanceof Deployment);
        Container http = named(objects, Deployment.class, "http").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(http.getImage()).isEqualTo("ghcr.io/c/http:1");
        assertThat(http.getCommand()).containsExactly("commonplace-http");
        assertThat(http.getArgs()).containsExactly("--port", "3000", "--mqtt-broker", "mosquitto:1883");
        assertThat(named(objects, Deployment.class, "http").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(5);
        assertThat(yaml).contains("# - depends on store, whose ready check names no port");
    }

    @Test
    void theDemoExportsWithProbesAServiceAndAnInitContainerThatWaitsForIt() {
        String yaml = exported("--config", "examples/demo.json", "--image", "clock=demo/clock", "--image", "web=demo/web",
                "--image", "flaky=demo/flaky");
        List<HasMetadata> objects = readConsistent(yaml);
        Deployment web = named(objects, Deployment.class, "web");
        Container container = web.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8765);
        assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
        // The demo's liveness check: http every 2 s, restarted after 3 failures, 1 s per attempt.
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8765);
        assertThat(container.getLivenessProbe().getPeriodSeconds()).isEqualTo(2);
        assertThat(container.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
        assertThat(container.getLivenessProbe().getTimeoutSeconds()).isEqualTo(1);
        assertThat(named(objects, Service.class, "web").getSpec().getPorts().getFirst().getTargetPort().getIntVal()).isEqualTo(8765);
        assertThat(named(objects, Deployment.class, "flaky").getSpec().getTemplate().getSpec().getInitContainers())
                .singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("wait-for-web"));
        assertThat(yaml).contains("# - ready check log /^ready/: Kubernetes has no probe that reads a container's output");
    }

    @Test
    void aConfigWithEveryKeyExportsToObjectsTheModelReadsStrictly() throws Exception {
        Path config = EveryKeyConfig.writeTo(dir);
        var args = new ArrayList<>(List.of("--config", config.toString(), "--output", dir.resolve("k8s").toString()));
        for (String name : List.of("mosquitto", "migrate", "store", "http", "worker", "tail")) {
            args.addAll(List.of("--image", name + "=registry.example/" + name + ":1"));
        }
        try (var run = export(args.toArray(String[]::new))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
        }
        var yaml = new StringBuilder();
        for (String name : List.of("mosquitto", "migrate", "store", "http", "worker", "tail")) {
            yaml.append(yaml.isEmpty() ? "" : "---\n").append(Files.readString(dir.resolve("k8s/" + name + ".yaml")));
        }
        List<HasMetadata> objects = readConsistent(yaml.toString());

        Job migrate = named(objects, Job.class, "migrate");
        assertThat(migrate.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
        assertThat(migrate.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(e -> assertThat(Map.entry(e.getName(), e.getValue())).isEqualTo(Map.entry("QUOTED", "say \"hi\" \\ $HOME")));
        PodSpec store = named(objects, Deployment.class, "store").getSpec().getTemplate().getSpec();
        assertThat(store.getTerminationGracePeriodSeconds()).isEqualTo(12);
        assertThat(store.getContainers().getFirst().getArgs()).containsExactly("--path", "with space", ";", "'single'", "--mqtt-broker", "127.0.0.1:1884");
        assertThat(store.getInitContainers()).extracting(Container::getName).containsExactly("wait-for-mosquitto");
        var http = named(objects, Deployment.class, "http").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(http.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(http.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(3000);
        assertThat(named(objects, Deployment.class, "worker").getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getReadinessProbe().getExec().getCommand()).containsExactly("/bin/test", "-e", "/tmp");
        assertThat(named(objects, Service.class, "mosquitto").getSpec().getPorts().getFirst().getPort()).isEqualTo(1884);
        assertThat(yaml).contains("# - stop_signal INT: Kubernetes stops a container with SIGTERM",
                "# - restart never: a Deployment's containers are always restarted",
                "# - done when it exits 3: a Job succeeds only on exit 0",
                "# - ready check mqtt 127.0.0.1:1884: the probe only connects",
                "# - cwd " + dir.resolve("work dir"));
    }

    @Test
    void aMissingImageIsAnErrorNamingTheProcess() {
        try (var run = export("--config", "commonplace.json", "--image", "store=ghcr.io/c/store:1")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(run.stderr()).contains("export kubernetes: no image for process http: give --image http=IMAGE");
            assertThat(run.stdout()).isEmpty();
        }
    }

    @Test
    void theStrictReadRejectsAFieldTheModelDoesNotKnow() {
        String yaml = exported("--config", "commonplace.json", "--image", "store=s", "--image", "http=h");
        String broken = yaml.replace("      terminationGracePeriodSeconds: 5\n", "      terminationGracePeriodSecond: 5\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesModel.read(broken))
                .hasMessageContaining("fields the Kubernetes model does not know").hasMessageContaining("terminationGracePeriodSecond");
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process that depends on a process of another orchestrator on the same broker ({@code alpha/store}). */
final class FabricRemoteTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path alpha(int port) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("alpha"));
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("instance", "alpha");
        config.fixture("store", Sleeper.class, folder.resolve("store.log").toString(), "store");
        return config.writeTo(folder, "alpha.json");
    }

    private Path beta(int port) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("beta"));
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("instance", "beta");
        config.fixture("web", Sleeper.class, folder.resolve("web.log").toString(), "web").put("depends_on", List.of("alpha/store"));
        return config.writeTo(folder, "beta.json");
    }

    @Test
    void aRemoteDependencyGatesTheStartAndItsLossStopsNothing() throws Exception {
        try (var broker = Mosquitto.start(dir); var beta = OrchestratorRun.run(beta(broker.port()))) {
            // Nothing is heard of alpha: web waits, and the orchestrator waits with it instead of ending.
            beta.awaitStdout("web waits for alpha/store \\(remote: ", WAIT);
            assertThat(beta.stdout()).doesNotContain("started web");
            try (var alpha = OrchestratorRun.run(alpha(broker.port()))) {
                beta.awaitStdout("remote dependency alpha/store is ready", WAIT);
                String started = beta.awaitStdout("started web \\(pid \\d+\\)", WAIT);
                long pid = Long.parseLong(started.replaceAll(".*pid (\\d+).*", "$1"));
                // Ready at its start (no ready check): its first line may come after beta has heard of it.
                alpha.awaitStdout("\\[store] store is up", WAIT);
                // alpha stops: store is published stopped, alpha offline; web keeps running.
                alpha.signal(15);
                assertThat(alpha.awaitExit(WAIT)).isZero();
                beta.awaitStdout("remote dependency alpha/store is no longer ready \\(.*\\); web keeps running", WAIT);
                assertThat(ControlClient.process(beta(broker.port()), "web").path("pid").asLong()).isEqualTo(pid);
                assertThat(beta.isAlive()).isTrue();
            }
        }
    }

    @Test
    void aRemoteDependencyOnAnInstanceThatIsOfflineIsNotMetEvenIfItsProcessSaysRunning() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            try (var spy = org.commonplace.orchestrator.testing.MqttSpy.subscribe(broker.port(), "x/#")) {
                // A stale retained "running" from an instance whose last will said offline.
                spy.retain("commonplace/orchestrator/alpha/processes/store/state", "{\"name\":\"store\",\"state\":\"running\",\"ready\":true}");
                spy.retain("commonplace/orchestrator/alpha/status", "offline");
            }
            try (var beta = OrchestratorRun.run(beta(broker.port()))) {
                // Whichever comes first: the wait, or (were the offline instance believed) web's start.
                beta.awaitStdout("web waits for alpha/store \\(remote: instance alpha is offline\\)|started web", WAIT);
                // Not met: web has not started, and ps says it waits (the supervisor's view, not a line).
                var web = ControlClient.process(beta(broker.port()), "web");
                assertThat(web.path("state").asText()).as(web.toString()).isEqualTo("waiting");
                assertThat(web.path("pid").isNull()).as(web.toString()).isTrue();
                assertThat(beta.stdout()).doesNotContain("started web").doesNotContain("alpha/store is ready");
                try (var spy = org.commonplace.orchestrator.testing.MqttSpy.subscribe(broker.port(), "x/#")) {
                    spy.retain("commonplace/orchestrator/alpha/status", "online");
                }
                beta.awaitStdout("remote dependency alpha/store is ready", WAIT);
                beta.awaitStdout("started web", WAIT);
            }
        }
    }

    @Test
    void aReloadCannotAddARemoteDependency() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            Path folder = Files.createDirectories(dir.resolve("gamma"));
            var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + broker.port()).top("instance", "gamma");
            config.fixture("web", Sleeper.class, folder.resolve("web.log").toString(), "web");
            Path file = config.writeTo(folder, "gamma.json");
            try (var run = OrchestratorRun.run(file)) {
                run.awaitStdout("\\[web] web is up", WAIT);
                long pid = ControlClient.process(file, "web").path("pid").asLong();
                config.fixture("web", Sleeper.class, folder.resolve("web.log").toString(), "web").put("depends_on", List.of("alpha/store"));
                config.writeTo(folder, "gamma.json");
                var reload = ControlClient.run(file, "reload");
                assertThat(reload.code()).isNotZero();
                assertThat(reload.out() + reload.err()).contains("new remote dependencies (alpha/store) need a restart of the orchestrator");
                assertThat(ControlClient.process(file, "web").path("pid").asLong()).isEqualTo(pid);
            }
        }
    }
}

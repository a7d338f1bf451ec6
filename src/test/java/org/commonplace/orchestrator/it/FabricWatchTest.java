package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.fixtures.ExitWith;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.MqttSpy;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch --once} over two real orchestrators on one broker: one running, one stopped (offline). */
final class FabricWatchTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config(String instance, int port) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(instance));
        var config = new ConfigBuilder().top("mqtt_broker", "127.0.0.1:" + port).top("instance", instance);
        config.fixture("web", Sleeper.class, folder.resolve("web.log").toString(), "web");
        config.fixture("crashy", ExitWith.class, "3").put("restart", ConfigBuilder.restart("always", 5000, 5000));
        return config.writeTo(folder, instance + ".json");
    }

    @Test
    void watchOnceShowsEveryInstanceOnTheBroker() throws Exception {
        try (var broker = Mosquitto.start(dir);
             var spy = MqttSpy.subscribe(broker.port(), "commonplace/orchestrator/#")) {
            try (var beta = OrchestratorRun.run(config("beta", broker.port()))) {
                spy.await("commonplace/orchestrator/beta/processes/web/state", s -> s.contains("\"running\""), WAIT);
                beta.signal(15);
                assertThat(beta.awaitExit(WAIT)).isZero();
            }
            try (var alpha = OrchestratorRun.run(config("alpha", broker.port()))) {
                spy.await("commonplace/orchestrator/alpha/processes/web/state", s -> s.contains("\"running\""), WAIT);
                spy.await("commonplace/orchestrator/alpha/processes/crashy/state", s -> s.contains("\"backing_off\""), WAIT);
                try (var watch = OrchestratorRun.start("watch", "--once", "--mqtt-broker", "127.0.0.1:" + broker.port())) {
                    assertThat(watch.awaitExit(WAIT)).isZero();
                    String out = watch.stdout();
                    long webPid = spy.json("commonplace/orchestrator/alpha/processes/web/state").path("pid").asLong();
                    assertThat(out).containsPattern("alpha\\s+online")
                            .containsPattern("beta\\s+offline")
                            .containsPattern("web\\s+running\\s+" + webPid)
                            .containsPattern("crashy\\s+backing_off")
                            .containsPattern("web\\s+stopped");
                    assertThat(out.indexOf("alpha")).isLessThan(out.indexOf("beta"));
                }
            }
        }
    }
}

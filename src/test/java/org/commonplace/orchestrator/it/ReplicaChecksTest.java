package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.commonplace.orchestrator.fixtures.Listen;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${REPLICA}} in a replicated process's ready and liveness checks: each replica is checked at
 * its own address. Before, the checks kept the placeholder, so {@code "127.0.0.1:80${REPLICA}"} was
 * refused as no TCP address and a replicated web server could not say when each copy was up.
 */
final class ReplicaChecksTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** {@return a stem S such that ports S1, S2 and S3 are free now} */
    private static String freePortStem() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int stem = Mosquitto.freePort() / 10;
            if (stem * 10 + 3 <= 65535 && free(stem * 10 + 1) && free(stem * 10 + 2) && free(stem * 10 + 3)) {
                return Integer.toString(stem);
            }
        }
        throw new AssertionError("found no three free ports in a row");
    }

    private static boolean free(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String quoted(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    @Test
    void eachReplicaIsCheckedAtItsOwnAddressSoOnlyTheOneThatListensThereIsReady() throws Exception {
        String stem = freePortStem();
        // Replica 1 serves http on S1 (it passes its checks); replica 2 listens nowhere, so its own
        // check at S2 never passes, although replica 1's address answers.
        String listen = quoted(List.of(Java.binary())) + " " + quoted(Java.fixtureArgs(Listen.class, stem + "1", "0", "http"));
        var config = new ConfigBuilder();
        var web = config.shell("web", "if [ \"$REPLICA\" = 1 ]; then exec " + listen + "; else exec sleep 1000; fi");
        web.put("replicas", 2);
        web.put("restart", ConfigBuilder.restart("always", 100, 200));
        web.put("ready", Map.of("http", "http://127.0.0.1:" + stem + "${REPLICA}/health", "interval_ms", 100, "timeout_ms", 2000));
        web.put("liveness", Map.of("tcp", "127.0.0.1:" + stem + "${REPLICA}", "interval_ms", 200));
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.run(file)) {
            Path socket = RunFiles.of(file).socket();
            Awaitility.await().atMost(WAIT).ignoreExceptions()
                    .until(() -> ControlClient.processOnSocket(socket, "web.1").path("ready").asBoolean());
            Awaitility.await().atMost(WAIT).ignoreExceptions()
                    .until(() -> ControlClient.processOnSocket(socket, "web.2").path("restarts").asInt() >= 1);
            assertThat(ControlClient.processOnSocket(socket, "web.2").path("ready").asBoolean()).as(run.stdout()).isFalse();
            assertThat(ControlClient.processOnSocket(socket, "web.1").path("restarts").asInt()).as("replica 1 passes its liveness check").isZero();
        }
    }
}

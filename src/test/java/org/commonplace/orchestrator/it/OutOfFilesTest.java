package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 10: the orchestrator's table of open files full (more children than {@code ulimit -n}
 * allows). A client is answered "busy" at once instead of sending accept() into a loop, that is said
 * once, nothing prints a stack trace, and once children go the socket serves again.
 */
final class OutOfFilesTest {
    private static final int LIMIT = 200;
    private static final int COUNT = 100;

    @TempDir
    Path dir;

    @Test
    void aFullTableOfOpenFilesIsSaidOnceAnsweredBusyAndRecoveredFrom() throws Exception {
        var config = new ConfigBuilder();
        for (int i = 0; i < COUNT; i++) {
            config.shell("q%03d".formatted(i), "exec sleep 1000").put("restart", ConfigBuilder.restart("never", 100, 100));
        }
        Path file = config.writeTo(dir);
        // From a jar, as installed: from a folder of classes each late class load would need a free descriptor too.
        List<String> jvm = List.of("-cp", Java.classpathWithMainJar(dir));
        try (var run = OrchestratorRun.start(List.of("/usr/bin/prlimit", "--nofile=" + LIMIT + ":" + LIMIT, "--"), jvm, Map.of(),
                "run", "--config", file.toString())) {
            // Every start has been tried: the table is full.
            run.awaitStdoutCount("\\[orchestrator] (started q\\d{3} |q\\d{3} failed to start)", COUNT, Duration.ofSeconds(60));
            Path socket = RunFiles.of(file).socket();
            // A start that failed half-way gives back what it had taken, so a few descriptors may be
            // free: followers of the logs take them and keep them.
            var spares = new java.util.ArrayList<SocketChannel>();
            for (int i = 0; i < 8; i++) {
                SocketChannel spare = ControlClient.connect(socket);
                try {
                    ControlClient.write(spare, "{\"cmd\":\"logs\",\"names\":[],\"lines\":0,\"follow\":true}\n");
                } catch (java.io.UncheckedIOException e) {
                    // turned away already: the table is full
                }
                spares.add(spare);
            }
            JsonNode busy = askWithin(socket, Duration.ofSeconds(10));
            assertThat(busy.path("ok").asBoolean()).as(busy.toString()).isFalse();
            assertThat(busy.path("error").asText()).isEqualTo("busy");
            assertThat(busy.path("message").asText()).contains("open files");
            JsonNode again = askWithin(socket, Duration.ofSeconds(10));
            assertThat(again.path("error").asText()).isEqualTo("busy");
            run.awaitStdout("control socket: out of open files", Duration.ofSeconds(5));
            for (SocketChannel spare : spares) {
                spare.close();
            }

            // Half the children go (never restarted): their pipes close, and the socket serves again.
            List<String> started = run.stdoutLines().stream().filter(l -> l.matches("\\[orchestrator] started q\\d{3} .*")).toList();
            for (String line : started.subList(0, started.size() / 2)) {
                ProcessGroups.signalProcess(Pids.fromStartedLine(line), ProcessGroups.SIGKILL);
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> askWithin(socket, Duration.ofSeconds(10)).path("ok").asBoolean());
            run.awaitStdout("control socket: accepting again", Duration.ofSeconds(5));

            assertThat(run.stdoutLines()).filteredOn(l -> l.contains("control socket:") && l.contains("open files"))
                    .as(run.stdout()).hasSizeLessThanOrEqualTo(2);
            assertThat(run.stdout() + run.stderr()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Error:");
        }
    }

    /** {@return the reply to ps, failing when none comes within {@code timeout}} */
    private static JsonNode askWithin(Path socket, Duration timeout) throws Exception {
        var reply = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel channel = ControlClient.connect(socket)) {
                try {
                    ControlClient.write(channel, "{\"cmd\":\"ps\"}\n");
                } catch (java.io.UncheckedIOException e) {
                    // turned away before the request was read: the answer is still there to read
                }
                String line = ControlClient.readLine(channel);
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line == null ? "{\"closed\":true}" : line);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer to ps within " + timeout);
        }
    }
}

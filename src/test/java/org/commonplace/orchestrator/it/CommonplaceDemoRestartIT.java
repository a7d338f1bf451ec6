package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.RuntimeLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT demo on the embedded broker keeps its documents through what a user does to it (issue 24):
 * {@code restart http}, {@code restart store}, and a {@code kill -9} of the broker's process; each
 * step through {@code bin/commonplace-orchestrator}, as a user runs it.
 */
final class CommonplaceDemoRestartIT {

    @TempDir
    Path dir;

    @Test
    void aDocumentIsStillServedAfterRestartingHttpAndStoreAndAfterTheBrokerIsKilled() throws Exception {
        int mqttPort = Mosquitto.freePort();
        int httpPort = Mosquitto.freePort();
        Path config = DemoCopy.write(dir, mqttPort, httpPort);
        Path out = dir.resolve("demo-out.txt");
        var process = DemoCopy.start(config, out);
        String doc = "http://127.0.0.1:" + httpPort + "/docs/greeting";
        try (var http = HttpClient.newHttpClient()) {
            awaitCount(out, "\\[orchestrator] http is ready after", 1);
            var put = http.send(HttpRequest.newBuilder(URI.create(doc)).PUT(HttpRequest.BodyPublishers.ofString("hello"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

            // A new http reads the documents the broker retained for it (QoS 0: Moquette used to drop them).
            control(config, "restart", "http");
            awaitCount(out, "\\[orchestrator] http is ready after", 2);
            awaitServed(http, doc, out);

            // A new store reads back what the last one published, and a new http still finds it.
            control(config, "restart", "store");
            awaitCount(out, "\\[store] store recovered greeting", 1);
            control(config, "restart", "http");
            awaitCount(out, "\\[orchestrator] http is ready after", 3);
            awaitServed(http, doc, out);

            // The broker (in memory, a supervised process) is killed and comes back empty: the store publishes its
            // documents again.
            ProcessHandle broker = process.descendants().filter(p -> p.info().commandLine().orElse("").contains("BrokerProcess"))
                    .findFirst().orElseThrow();
            broker.destroyForcibly();
            awaitCount(out, "\\[orchestrator] broker is ready after", 2);
            awaitCount(out, "\\[store] store published its 1 documents again", 1);
            control(config, "restart", "http");
            awaitCount(out, "\\[orchestrator] http is ready after", 4);
            awaitServed(http, doc, out);

            ProcessGroups.signalProcess(process.pid(), ProcessGroups.SIGTERM);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(out)).isZero();
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            RuntimeLeftovers.remove(config);
        }
    }

    /** GET answers 200 with the document (within a few seconds: http subscribes as it becomes ready). */
    private static void awaitServed(HttpClient http, String doc, Path out) throws IOException {
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                var get = http.send(HttpRequest.newBuilder(URI.create(doc)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return get.statusCode() == 200 && get.body().equals("hello");
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("GET " + doc + " never answered 200 hello; output:\n" + Files.readString(out), e);
        }
    }

    private static void control(Path config, String... command) throws Exception {
        var args = new java.util.ArrayList<String>();
        args.add(DemoCopy.LAUNCHER.toString());
        args.addAll(java.util.List.of(command));
        args.addAll(java.util.List.of("--config", config.toString()));
        Path reply = Files.createTempFile(config.getParent(), "control", ".txt");
        var control = new ProcessBuilder(args).directory(DemoCopy.ROOT.toFile()).redirectErrorStream(true).redirectOutput(reply.toFile()).start();
        assertThat(control.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(control.exitValue()).as(Files.readString(reply)).isZero();
    }

    private static void awaitCount(Path out, String regex, int count) {
        var pattern = Pattern.compile(regex);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                    Files.readAllLines(out).stream().filter(l -> pattern.matcher(l).find()).count() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String text;
            try {
                text = Files.readString(out);
            } catch (IOException io) {
                text = io.toString();
            }
            throw new AssertionError("fewer than " + count + " lines matching /" + regex + "/ in:\n" + text, e);
        }
    }
}

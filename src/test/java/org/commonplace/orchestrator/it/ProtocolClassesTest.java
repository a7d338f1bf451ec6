package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code run} without MQTT, and the client commands against it, load no class of Jackson
 * databind's {@code ObjectMapper} machinery: the control protocol is read and written with the
 * streaming parser and generator. And a client call makes no annotation proxy (its picocli model is
 * built in code, cli/ControlCommand) and loads no locale data (its table is written without
 * {@code String.format}): each cost a client call tens of milliseconds. Each JVM logs the classes it loads ({@code -Xlog:class+load}); the
 * launcher's AOT cache is made by such a run and loads at start every class it holds, so a class
 * loaded here would cost memory in every run and every client call (docs/BENCHMARKS.md, figure D).
 */
final class ProtocolClassesTest {
    /** ObjectMapper itself, and what only it brings: serializers, deserializers, introspection. */
    private static final List<String> DATABIND_MACHINERY = List.of("com.fasterxml.jackson.databind.ObjectMapper ",
            "com.fasterxml.jackson.databind.ser.", "com.fasterxml.jackson.databind.deser.",
            "com.fasterxml.jackson.databind.introspect.", "com.fasterxml.jackson.databind.node.InternalNodeMapper ");

    /** Annotation proxies (an annotation read by reflection) and the locale data (a locale-sensitive format's first use). */
    private static final List<String> SLOW_TO_MAKE = List.of("$Proxy", "sun.text.resources.cldr.", "sun.util.resources.cldr.");

    @TempDir
    Path dir;

    @Test
    void aRunAndItsClientCommandsLoadNoObjectMapper() throws IOException {
        var config = new ConfigBuilder();
        config.shell("web", "echo web-says-hello; exec sleep 1000");
        config.shell("db", "exec sleep 1000");
        Path file = config.writeTo(dir);
        Path runLog = dir.resolve("run.classes");
        // JSON console lines: logs then reads them back (LogStyle.strip), on the server's side.
        try (var run = OrchestratorRun.start(List.of(), List.of(logged(runLog)), Map.of(), "run", "--config", file.toString(),
                "--log-format", "json")) {
            run.awaitStdout("web-says-hello");
            var clientLogs = new ArrayList<Path>();
            for (List<String> command : List.of(List.of("ps"), List.of("ps", "--json"), List.of("ps", "web"),
                    List.of("logs", "web"), List.of("stop", "db"), List.of("start", "db"), List.of("restart", "db"),
                    List.of("signal", "db", "CONT"), List.of("wait"))) {
                Path log = dir.resolve(String.join("-", command) + ".classes");
                clientLogs.add(log);
                var args = new ArrayList<>(command);
                args.addAll(List.of("--config", file.toString()));
                try (var client = OrchestratorRun.start(List.of(), List.of(logged(log)), Map.of(), args.toArray(String[]::new))) {
                    assertThat(client.awaitExit(Duration.ofSeconds(60))).as(command + ": " + client.stderr()).isZero();
                    if (command.equals(List.of("logs", "web"))) {
                        assertThat(client.stdout()).contains("web-says-hello");
                    }
                }
            }
            for (Path log : clientLogs) {
                assertThat(machinery(log)).as("databind's machinery loaded by the client call of " + log.getFileName()).isEmpty();
                assertThat(lines(log, SLOW_TO_MAKE)).as("classes made or loaded by the client call of " + log.getFileName())
                        .isEmpty();
            }
        }
        assertThat(Files.readString(runLog)).as("the run's class log").contains("org.commonplace.orchestrator.control.Request ");
        assertThat(machinery(runLog)).as("databind's machinery loaded by the run serving those calls").isEmpty();
    }

    private static String logged(Path log) {
        return "-Xlog:class+load:file=" + log;
    }

    /** {@return the lines of {@code log} that name a class of databind's machinery} */
    private static List<String> machinery(Path log) {
        return lines(log, DATABIND_MACHINERY);
    }

    /** {@return the first lines of {@code log} that contain one of {@code names}} */
    private static List<String> lines(Path log, List<String> names) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> names.stream().anyMatch(line::contains)).limit(10).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29: a client call does not start java.util.logging. System.exit logs the exit through a
 * System.Logger; with our logging configuration named (LibraryLogging, which run needs for Paho) the
 * JDK started java.util.logging in full for that on every call: ~75 classes from the runtime image,
 * outside the AOT cache, at the end of every {@code ps} and {@code --version}.
 */
final class ClientCallLoggingIT {
    private static final Path JAR = Path.of(System.getProperty("user.dir"), "target/commonplace-orchestrator.jar");

    @TempDir
    Path dir;

    @Test
    void theVersionAndAClientCommandLoadNoJavaUtilLogging() throws Exception {
        assertThat(loaded("--version")).doesNotContain("java.util.logging.LogManager ");
        // A client command that finds no orchestrator: it parses, looks for the socket and exits 1.
        assertThat(loaded("ps", "--config", dir.resolve("none.json").toString()))
                .contains("org.commonplace.orchestrator.cli.PsCommand ")
                .doesNotContain("java.util.logging.LogManager ");
    }

    /** {@return the class-loading log of the jar's JVM running {@code args}} */
    private String loaded(String... args) throws Exception {
        Path log = dir.resolve("classes.log");
        var command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log, "-jar", JAR.toString()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readString(log);
    }
}

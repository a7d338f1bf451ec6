package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A program the kernel refuses to run: the failed start says what the errno means, not "error 8". */
final class LaunchErrorTest {
    @TempDir
    Path dir;

    @Test
    void aScriptWithoutItsHashBangLineIsAnExecFormatErrorThatAsksAboutIt() throws Exception {
        Path script = dir.resolve("no-hashbang");
        Files.writeString(script, "echo hello\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        var config = new ConfigBuilder();
        config.process("script", script.toString(), List.of()).put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            // The ProcessBuilder fallback (kernels before 5.4) would run it through /bin/sh instead.
            run.awaitStdout(Pattern.quote("script failed to start: posix_spawn of " + script
                    + " failed: exec format error — is the #! line missing?"), Duration.ofSeconds(20));
            // Nothing else to supervise: it ends by itself, failed.
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        }
    }

    @Test
    void aHugeArgumentListSaysItIsTooLong() {
        var config = new ConfigBuilder();
        // One argument of 200 KB: longer than the kernel takes for a single string (MAX_ARG_STRLEN,
        // 128 KiB), while the config stays under its own 1 MiB limit.
        config.process("many", "/bin/true", List.of("x".repeat(200_000)))
                .put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            run.awaitStdout(Pattern.quote("many failed to start: posix_spawn of /bin/true failed: argument list too long")
                    + ".*" + Pattern.quote("(errno 7, E2BIG)"), Duration.ofSeconds(20));
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        }
    }
}

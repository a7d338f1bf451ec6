package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.commonplace.orchestrator.testing.StandardStreams;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check} on every case of the broken-config corpus ({@code configs/invalid}), through the
 * command line in this JVM: exit 2, each line of the case's {@code .expected} on stderr, no stack
 * trace. {@code InvalidConfigCorpusTest} checks what the loader says; this, what {@code check} makes
 * of it. What only the launcher could get wrong (its exec, its JVM's small stack and heap) is
 * checked through {@code bin/commonplace-orchestrator} by LauncherIT, on the cases that press those.
 */
final class CheckCorpusTest {
    @RegisterExtension
    final StandardStreams std = new StandardStreams();

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.commonplace.orchestrator.testing.InvalidConfigs#cases")
    void checkExitsTwoWithTheCasesMessages(Path file) throws IOException {
        int code = Main.execute("check", "--config", file.toString());
        String stderr = std.err();
        assertThat(code).as("exit code of check on " + file.getFileName() + ": " + stderr).isEqualTo(2);
        Path expected = file.resolveSibling(file.getFileName().toString().replace(".json", ".expected"));
        for (String line : Files.readAllLines(expected)) {
            if (!line.isBlank()) {
                assertThat(stderr).as("stderr of check on " + file.getFileName()).contains(line);
            }
        }
        assertThat(stderr).doesNotContain("Exception", "\tat ");
    }
}

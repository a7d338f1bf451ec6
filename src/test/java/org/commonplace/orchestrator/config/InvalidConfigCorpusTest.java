package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.commonplace.orchestrator.testing.InvalidConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code configs/invalid/<case>.json} fails to load, and its problems contain each line of
 * {@code <case>.expected} (see {@code configs/README.md}).
 */
final class InvalidConfigCorpusTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.commonplace.orchestrator.testing.InvalidConfigs#cases")
    void invalidConfigIsRejectedWithTheExpectedMessages(Path file) throws IOException {
        Path expectedFile = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", ".expected"));
        assertThat(expectedFile).as("the case's .expected file").exists();
        List<String> expected = Files.readAllLines(expectedFile).stream().filter(l -> !l.isBlank()).toList();

        LoadResult result = new ConfigLoader(false).load(file);
        String output = result.problems().stream().map(Problem::format).collect(Collectors.joining("\n"));

        assertThat(result.config()).as("config of " + file.getFileName()).isEmpty();
        assertThat(result.hasErrors()).isTrue();
        assertThat(expected).isNotEmpty();
        for (String line : expected) {
            assertThat(output).as("problems of " + file.getFileName()).contains(line);
        }
        assertThat(output).doesNotContain("[Source:", "Exception", "\tat ");
    }

    @Test
    void theCorpusCoversAtLeastTwentyFiveCases() throws Exception {
        assertThat(InvalidConfigs.cases().count()).isGreaterThanOrEqualTo(25);
    }
}

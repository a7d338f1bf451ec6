package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 3: files far beyond any real config (arrays 700 deep, 100 000 processes, 300 000
 * env entries) crashed {@code check} and {@code run} with a StackOverflowError or an
 * OutOfMemoryError and exit 1. Each limit of {@link Limits} is now one error naming it. (The crashes
 * themselves show with the launcher's small stack and heap; {@code it/LauncherIT} runs those files.)
 */
final class LimitsTest {
    @TempDir
    Path dir;

    private List<String> problems(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        LoadResult result = new ConfigLoader(false).load(file);
        assertThat(result.config()).as("config despite a passed limit").isEmpty();
        return result.problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
    }

    private static String repeat(int times, String item) {
        return IntStream.range(0, times).mapToObj(i -> item.replace("#", Integer.toString(i)))
                .collect(Collectors.joining(","));
    }

    @Test
    void aFileLargerThanOneMebibyteIsOneErrorNamingTheLimit() throws IOException {
        String json = "{\"processes\": {\"a\": {\"command\": \"x\"}}}" + " ".repeat(Limits.MAX_FILE_BYTES);
        assertThat(problems(json)).containsExactly("commonplace.json: error: the file is larger than 1048576 bytes"
                + " (1 MiB), the limit for a config file");
    }

    @Test
    void arraysNestedSevenHundredDeepAreOneErrorWhereTheLimitIsPassed() throws IOException {
        String json = "{\"processes\": {\"a\": {\"command\": \"x\", \"args\": " + "[".repeat(700) + "]".repeat(700) + "}}}";
        assertThat(problems(json)).containsExactly("commonplace.json:1:64: error: arrays and objects are nested"
                + " more than 20 deep, the limit for a config file (a config needs 5)");
    }

    @Test
    void nestingUpToTheLimitIsOnlyATypeError() throws IOException {
        // 4 levels to args, then 16 more: exactly 20.
        String json = "{\"processes\": {\"a\": {\"command\": \"x\", \"args\": " + "[".repeat(17) + "]".repeat(17) + "}}}";
        assertThat(problems(json)).singleElement().asString().contains("processes.a.args[0]: expected a string, got array");
    }

    @Test
    void moreValuesThanTheLimitIsOneErrorWhereTheLimitIsPassed() throws IOException {
        String json = "{\"processes\": {\"a\": {\"command\": \"x\"}}, \"x\": [" + repeat(Limits.MAX_VALUES, "0") + "]}";
        assertThat(problems(json)).singleElement().asString().startsWith("commonplace.json:1:")
                .endsWith("error: the file has more than 100000 values (strings, numbers, arrays, objects…),"
                        + " the limit for a config file");
    }

    @Test
    void moreProcessesThanTheLimitIsOneErrorInsteadOfOnePerProcess() throws IOException {
        String json = "{\"processes\": {" + repeat(10_001, "\"p#\": {\"command\": \"\"}") + "}}";
        assertThat(problems(json)).containsExactly("commonplace.json:1:15: error: processes: has 10001 processes;"
                + " at most 10000 are allowed (the limit for a config file)");
    }

    @Test
    void tenThousandProcessesLoad() throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"),
                "{\"processes\": {" + repeat(10_000, "\"p#\": {\"command\": \"x\"}") + "}}");
        assertThat(new ConfigLoader(true).load(file).config()).get()
                .satisfies(c -> assertThat(c.processes()).hasSize(10_000));
    }

    @Test
    void moreArgsThanTheLimitIsOneErrorInsteadOfOnePerArgument() throws IOException {
        String json = "{\"processes\": {\"a\": {\"command\": \"x\", \"args\": [" + repeat(1001, "#") + "]}}}";
        assertThat(problems(json)).containsExactly("commonplace.json:1:46: error: processes.a.args: has 1001 entries;"
                + " at most 1000 are allowed (the limit for a config file)");
    }

    @Test
    void moreEnvEntriesThanTheLimitIsOneError() throws IOException {
        String json = "{\"processes\": {\"a\": {\"command\": \"x\", \"env\": {" + repeat(1001, "\"V#\": \"1\"") + "}}}}";
        assertThat(problems(json)).containsExactly("commonplace.json:1:45: error: processes.a.env: has 1001 variables;"
                + " at most 1000 are allowed (the limit for a config file)");
    }

    /** Issue 15, item 13: delays and timeouts accepted 9223372036854775807 ms. */
    @Test
    void aDayIsTheLongestDelayOrTimeoutAccepted() throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {"a": {"command": "x", "stop_timeout_ms": 86400000,
                  "restart": {"backoff_ms": 86400000, "max_backoff_ms": 86400000},
                  "ready": {"tcp": "h:1", "interval_ms": 86400000, "timeout_ms": 86400000}}}}
                """);
        assertThat(new ConfigLoader(true).load(file).problems()).isEmpty();
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"stop_timeout_ms\": 9223372036854775807}}}"))
                .containsExactly("commonplace.json:1:57: error: processes.a.stop_timeout_ms: must be at most 86400000"
                        + " (24 h), got 9223372036854775807");
    }
}

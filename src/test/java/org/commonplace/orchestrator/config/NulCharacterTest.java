package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 4: a NUL ({@code \u0000} in JSON) in {@code command} passed {@code check} and then
 * failed at run with "internal error: InvalidPathException"; in {@code args} or {@code env} it was
 * silently cut ({@code x\0y} reached the child as {@code x}), because C strings end at NUL. Every
 * string that reaches exec now rejects it, and the message shows it escaped, on one line.
 */
final class NulCharacterTest {
    @TempDir
    Path dir;

    /** The JSON is written with {@code \\u0000} escapes, as a config file would carry a NUL. */
    private List<String> problems(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        LoadResult result = new ConfigLoader(false).load(file);
        assertThat(result.config()).as("config despite a NUL").isEmpty();
        return result.problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
    }

    @Test
    void aNulInTheCommandIsAnErrorShowingItEscaped() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"/bin/true\\u0000x\"}}}")).containsExactly(
                "commonplace.json:1:33: error: processes.a.command: \"/bin/true\\u0000x\" contains a NUL character"
                        + " (\\u0000), which cannot be passed to a program");
    }

    @Test
    void aNulInAnArgumentIsAnErrorAtItsIndex() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"args\": [\"ok\", \"x\\u0000y\"]}}}"))
                .containsExactly("commonplace.json:1:53: error: processes.a.args[1]: \"x\\u0000y\" contains a NUL"
                        + " character (\\u0000), which cannot be passed to a program");
    }

    @Test
    void aNulInAnEnvNameOrValueIsAnErrorAndThePathStaysOnOneLine() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"env\": {\"A\\u0000B\": \"1\", \"C\": \"x\\u0000y\"}}}}"))
                .containsExactly(
                        "commonplace.json:1:46: error: processes.a.env[\"A\\u0000B\"]: environment variable name"
                                + " \"A\\u0000B\" contains a NUL character (\\u0000), which cannot be passed to a program",
                        "commonplace.json:1:68: error: processes.a.env.C: \"x\\u0000y\" contains a NUL character"
                                + " (\\u0000), which cannot be passed to a program");
    }

    @Test
    void aNulInTheCwdIsAnErrorInsteadOfAnInvalidPathMessageWithTheRawNul() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"cwd\": \"work\\u0000\"}}}")).containsExactly(
                "commonplace.json:1:45: error: processes.a.cwd: \"work\\u0000\" contains a NUL character (\\u0000),"
                        + " which cannot be passed to a program");
    }

    @Test
    void aNulInAReadyExecWordIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"ready\": {\"exec\": [\"test\", \"-e\\u0000\"]}}}}"))
                .containsExactly("commonplace.json:1:65: error: processes.a.ready.exec[1]: \"-e\\u0000\" contains a NUL"
                        + " character (\\u0000), which cannot be passed to a program");
    }
}

package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include}: process tables merged from other files, every error pointing into the file it is in. */
final class IncludesTest {
    @TempDir
    Path dir;

    private Path config;

    private LoadResult load(String json) throws IOException {
        config = Files.writeString(dir.resolve("commonplace.json"), json);
        return new ConfigLoader(true, CommandLookup.NONE, Map.of("HOME", dir.toString())).load(config);
    }

    private List<String> problems(String json) throws IOException {
        return load(json).problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
    }

    private void write(String name, String text) throws IOException {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void includedProcessesJoinTheTableWithTheirPathsRelativeToTheirOwnFile() throws IOException {
        write("processes.d/b.json", "{\"processes\": {\"b\": {\"command\": \"x\", \"cwd\": \".\", \"depends_on\": [\"a\"]}}}");
        write("processes.d/c.json", "{\"processes\": {\"c\": {\"command\": \"x\", \"depends_on\": [\"b\"]}}}");
        write("processes.d/notes.txt", "not json");
        OrchestratorConfig loaded = load("""
                {"include": ["processes.d/*.json"], "processes": {"a": {"command": "x"}}}
                """).config().orElseThrow();
        assertThat(loaded.startOrder()).containsExactly("a", "b", "c");
        assertThat(loaded.process("b").orElseThrow().cwd()).isEqualTo(dir.resolve("processes.d"));
        assertThat(loaded.process("a").orElseThrow().cwd()).isEqualTo(dir);
    }

    @Test
    void aNameDefinedTwiceIsAnErrorNamingBothPlacesWithTheirLines() throws IOException {
        write("processes.d/web.json", """
                {
                  "processes": {
                    "web": {"command": "y"}
                  }
                }
                """);
        assertThat(problems("""
                {"include": ["processes.d/*.json"],
                 "processes": {
                   "web": {"command": "x"}}}
                """)).containsExactly("processes.d/web.json:3:5: error: processes.web: process 'web' is defined twice:"
                + " also at commonplace.json:3:4");
    }

    @Test
    void anErrorInAnIncludedFilePointsIntoThatFileAtItsLine() throws IOException {
        write("processes.d/worker.json", """
                {"processes": {
                  "worker": {
                    "command": "x",
                    "restart": {"policy": "sometimes"},
                    "depends_on": ["nobody"]}}}
                """);
        write("processes.d/broken.json", "{\"processes\": {\"z\": {\"command\": \"x\",}}}");
        assertThat(problems("{\"include\": [\"processes.d/*.json\"], \"processes\": {}}")).containsExactly(
                "processes.d/broken.json:1:37: error: not valid JSON: Unexpected character ('}' (code 125)): was expecting"
                        + " double-quote to start field name",
                "processes.d/worker.json:4:27: error: processes.worker.restart.policy: unknown restart policy \"sometimes\";"
                        + " use one of always, on_failure, never",
                "processes.d/worker.json:5:20: error: processes.worker.depends_on[0]: unknown dependency 'nobody' (there is"
                        + " no other process)");
    }

    @Test
    void aNamedFileMustExistButAGlobMayMatchNothingAndBothAreSources() throws IOException {
        assertThat(problems("{\"include\": [\"extra.json\", \"later.d/*.json\"], \"processes\": {}}")).containsExactly(
                "commonplace.json:1:14: error: include[0]: included file \"extra.json\" does not exist (resolved to"
                        + " extra.json)");
        write("later.d/a.json", "{\"processes\": {\"a\": {\"command\": \"x\"}}}");
        LoadResult result = load("{\"include\": [\"later.d/*.json\"], \"processes\": {}}");
        assertThat(result.sources().files()).contains(dir.resolve("later.d/a.json"));
        ConfigSources.IncludePattern pattern = result.sources().includes().getFirst();
        assertThat(pattern.folder()).isEqualTo(dir.resolve("later.d"));
        assertThat(pattern.matches(dir.resolve("later.d/new.json"))).isTrue();
        assertThat(pattern.matches(dir.resolve("later.d/new.txt"))).isFalse();
        assertThat(pattern.matches(dir.resolve("commonplace.json"))).isFalse();
    }

    @Test
    void aGlobOverTooManyFilesIsOneErrorNotThousandsOfReads() throws IOException {
        Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i <= Limits.MAX_INCLUDED_FILES; i++) {
            Files.writeString(dir.resolve("many/p" + i + ".json"), "{\"processes\": {\"p" + i + "\": {\"command\": \"x\"}}}");
        }
        assertThat(problems("{\"include\": [\"many/**\"], \"processes\": {}}")).containsExactly(
                "commonplace.json:1:13: error: include: matches 257 files; at most 256 may be included (the limit for a"
                        + " config file)");
    }

    @Test
    void includedFilesTogetherStayWithinTheirByteBudget() throws IOException {
        Files.createDirectories(dir.resolve("big"));
        String filler = "x".repeat(900_000);
        for (int i = 0; i < 5; i++) {
            Files.writeString(dir.resolve("big/p" + i + ".json"),
                    "{\"processes\": {\"p" + i + "\": {\"command\": \"x\", \"args\": [\"" + filler + "\"]}}}");
        }
        assertThat(problems("{\"include\": [\"big/*.json\"], \"processes\": {}}")).containsExactly(
                "big/p4.json: error: the included files pass 4194304 bytes (4 MiB) together, the limit for a config;"
                        + " this one and the rest are not read");
    }
}

package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code env_file} at the top level and per process, read from real files beside the config. */
final class EnvFileConfigTest {
    @TempDir
    Path dir;

    private LoadResult load(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        return new ConfigLoader(true, CommandLookup.NONE, Map.of()).load(file);
    }

    private List<String> problems(String json) throws IOException {
        return load(json).problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
    }

    @Test
    void laterFilesWinTheProcessesFilesWinTheTopLevelsAndEnvWinsOverAll() throws IOException {
        Files.writeString(dir.resolve("common.env"), "A=common\nB=common\nC=common\nD=common\n");
        Files.writeString(dir.resolve("web.env"), "# web's own\nB=web\nC=web\n");
        Files.writeString(dir.resolve("web.local.env"), "C=local\n");
        ProcessSpec web = load("""
                {"env_file": "common.env",
                 "processes": {"web": {"command": "x", "env_file": ["web.env", "web.local.env"], "env": {"D": "config"}}}}
                """).config().orElseThrow().process("web").orElseThrow();
        assertThat(web.env()).containsExactlyInAnyOrderEntriesOf(Map.of("A", "common", "B", "web", "C", "local", "D", "config"));
        assertThat(web.envSources().origins()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", dir.resolve("common.env") + ":1", "B", dir.resolve("web.env") + ":2", "C", dir.resolve("web.local.env") + ":1"));
    }

    @Test
    void aMissingFileIsAnErrorNamingItUnlessItIsNotRequired() throws IOException {
        assertThat(problems("""
                {"processes": {"web": {"command": "x", "env_file": "nowhere.env"}}}
                """)).containsExactly("commonplace.json:1:52: error: processes.web.env_file: env file \"nowhere.env\" does"
                + " not exist (resolved to nowhere.env); mark it {\"path\": \"nowhere.env\","
                + " \"required\": false} if it may be absent");
        assertThat(problems("""
                {"processes": {"web": {"command": "x", "env_file": [{"path": "nowhere.env", "required": false}]}}}
                """)).isEmpty();
    }

    @Test
    void aBadLineIsAnErrorAtItsLineInTheEnvFile() throws IOException {
        Files.writeString(dir.resolve("bad.env"), "GOOD=1\n=no name\nQUOTE='open\n");
        assertThat(problems("{\"env_file\": \"bad.env\", \"processes\": {\"web\": {\"command\": \"x\"}}}")).containsExactly(
                "bad.env:2:1: error: expected NAME=value, got \"=no name\"",
                "bad.env:3:7: error: the value's opening ' is never closed");
    }

    @Test
    void envFilesAreAmongTheSourcesEvenAnOptionalOneThatIsAbsent() throws IOException {
        Files.writeString(dir.resolve("a.env"), "A=1\n");
        LoadResult result = load("""
                {"env_file": ["a.env", {"path": "later.env", "required": false}], "processes": {}}
                """);
        assertThat(result.problems()).isEmpty();
        assertThat(result.sources().files()).containsExactly(dir.resolve("commonplace.json"), dir.resolve(".env"),
                dir.resolve("a.env"), dir.resolve("later.env"));
    }

    @Test
    void anEndlessEnvFileIsReadNoFurtherThanTheFileLimit() throws IOException {
        assertThat(problems("{\"env_file\": \"/dev/zero\", \"processes\": {}}")).containsExactly(
                "commonplace.json:1:14: error: env_file: cannot read env file \"/dev/zero\": the file is larger than 262144"
                        + " bytes (the limit for an env file)");
    }

    @Test
    void atMostSixtyFourDifferentEnvFilesAreRead() throws IOException {
        var processes = new StringBuilder();
        for (int i = 0; i <= Limits.MAX_DISTINCT_ENV_FILES; i++) {
            Files.writeString(dir.resolve("e" + i + ".env"), "A=" + i + "\n");
            processes.append(i == 0 ? "" : ",\n").append("\"p").append(i).append("\": {\"command\": \"x\", \"env_file\": \"e")
                    .append(i).append(".env\"}");
        }
        List<String> found = problems("{\"processes\": {\n" + processes + "}}");
        assertThat(found).containsExactly("commonplace.json:66:37: error: processes.p64.env_file: is env file number 65 of"
                + " this config; at most 64 different env files are allowed (the limit for a config file)");
    }
}

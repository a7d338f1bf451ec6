package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${VAR}} in every string of a real config, from the environment and the {@code .env} beside it. */
final class InterpolationConfigTest {
    @TempDir
    Path dir;

    private LoadResult load(String json, Map<String, String> environment) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        return new ConfigLoader(true, CommandLookup.NONE, environment).load(file);
    }

    @Test
    void valuesComeFromTheEnvironmentFirstThenTheDotEnvBesideTheConfig() throws IOException {
        Files.writeString(dir.resolve(".env"), "PORT=4000\nHOST=from-dotenv\nBROKER=localhost:1884\n");
        OrchestratorConfig config = load("""
                {"mqtt_broker": "${BROKER}",
                 "processes": {"web": {"command": "${BIN:-commonplace-http}", "args": ["--port", "${PORT:-3000}", "--host", "${HOST}", "$$HOME"],
                                       "env": {"URL": "http://${HOST}:${PORT}"}}}}
                """, Map.of("HOST", "from-environment")).config().orElseThrow();
        ProcessSpec web = config.process("web").orElseThrow();
        assertThat(config.broker()).hasToString("localhost:1884");
        assertThat(web.command()).isEqualTo("commonplace-http");
        assertThat(web.args()).containsExactly("--port", "4000", "--host", "from-environment", "$HOME");
        assertThat(web.env()).containsEntry("URL", "http://from-environment:4000")
                .as("the .env is for interpolation, not given to processes").doesNotContainKey("PORT");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnErrorAtItsValue() throws IOException {
        List<String> problems = load("""
                {"processes": {
                  "web": {"command": "x",
                          "args": ["--token", "${API_TOKEN}"]},
                  "db": {"command": "${DB_BIN:?set DB_BIN to the database's program}"}}}
                """, Map.of()).problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
        assertThat(problems).containsExactly(
                "commonplace.json:3:31: error: processes.web.args[1]: variable API_TOKEN is not set (give it a default:"
                        + " ${API_TOKEN:-value}, or write $$ for a literal $)",
                "commonplace.json:4:21: error: processes.db.command: variable DB_BIN is unset or empty: set DB_BIN to the"
                        + " database's program");
    }
}

package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27, items 1 and 4, as the config file reads them: {@code depends_on} in compose's long syntax
 * beside the short list, {@code restart.success_exit_codes} and {@code "exit": "any"}; each wrong value
 * is one line naming file:line:col, the field and the value.
 */
final class DependsOnConfigTest {
    @TempDir
    Path dir;

    private LoadResult load(String json) throws IOException {
        return new ConfigLoader(false).load(Files.writeString(dir.resolve("commonplace.json"), json));
    }

    private List<String> problems(String json) throws IOException {
        LoadResult result = load(json);
        return result.problems().stream()
                .map(p -> p.format().replaceFirst("^" + java.util.regex.Pattern.quote(dir + "/"), ""))
                .toList();
    }

    /** db, and app with this {@code depends_on} value, on one line: the value starts at column 103. */
    private List<String> app(String dependsOn) throws IOException {
        return problems("{\"processes\": {\"db\": {\"command\": \"x\"}, \"job\": {\"command\": \"x\"}, \"app\": {\"command\": \"x\", \"depends_on\": "
                + dependsOn + "}}}");
    }

    @Test
    void theLongSyntaxIsReadAsComposeReadsItBesideTheShortList() throws IOException {
        LoadResult result = load("""
                {"processes": {
                  "db": {"command": "x"},
                  "migrate": {"command": "x", "restart": {"policy": "never"}, "ready": {"exit": 0}},
                  "web": {"command": "x", "depends_on": ["db"]},
                  "app": {"command": "x", "depends_on": {
                    "db": {"condition": "service_healthy", "restart": true},
                    "migrate": {"condition": "service_completed_successfully", "required": false},
                    "web": {"condition": "service_started", "timeout_ms": 120000}}}}}
                """);
        assertThat(result.problems()).isEmpty();
        ProcessSpec app = result.config().orElseThrow().process("app").orElseThrow();
        assertThat(app.dependsOn()).containsExactly("db", "migrate", "web");
        assertThat(app.dependencies().of("db")).isEqualTo(new Dependency(Dependency.Condition.SERVICE_HEALTHY, true, true, 0));
        assertThat(app.dependencies().of("migrate").describe()).isEqualTo("service_completed_successfully, not required");
        assertThat(app.dependencies().of("web").describe()).isEqualTo("service_started, timeout 120000 ms");
        ProcessSpec web = result.config().orElseThrow().process("web").orElseThrow();
        assertThat(web.dependsOn()).containsExactly("db");
        assertThat(web.dependencies().of("db")).isEqualTo(Dependency.PLAIN);
        assertThat(result.config().orElseThrow().startOrder()).containsSubsequence("db", "app").containsSubsequence("web", "app");
    }

    @Test
    void anUnknownConditionIsOneLineListingTheConditions() throws IOException {
        assertThat(app("{\"db\": {\"condition\": \"service_ready\"}}")).containsExactly("commonplace.json:1:124: error:"
                + " processes.app.depends_on.db.condition: unknown condition \"service_ready\"; use one of service_started,"
                + " service_healthy, service_completed_successfully, service_completed");
    }

    @Test
    void theLongSyntaxNamesItsConditionAsInCompose() throws IOException {
        assertThat(app("{\"db\": {\"restart\": true}}")).containsExactly("commonplace.json:1:110: error:"
                + " processes.app.depends_on.db.condition: missing required field 'condition'; use one of service_started,"
                + " service_healthy, service_completed_successfully, service_completed");
    }

    @Test
    void wrongTypesAreOneLineEach() throws IOException {
        assertThat(app("{\"db\": {\"condition\": \"service_started\", \"restart\": \"yes\", \"timeout_ms\": -1}}"))
                .containsExactly(
                        "commonplace.json:1:154: error: processes.app.depends_on.db.restart: expected true or false, got string \"yes\"",
                        "commonplace.json:1:175: error: processes.app.depends_on.db.timeout_ms: must not be negative, got -1");
        assertThat(app("{\"db\": \"service_healthy\"}")).containsExactly("commonplace.json:1:110: error:"
                + " processes.app.depends_on.db: expected an object {\"condition\", \"restart\", \"required\", \"timeout_ms\"},"
                + " got string \"service_healthy\"");
        assertThat(app("\"db\"")).containsExactly("commonplace.json:1:103: error: processes.app.depends_on: expected a list"
                + " of process names, or an object of names to {\"condition\": ...} (compose's long syntax), got string \"db\"");
    }

    @Test
    void anUnknownDependencyIsAnErrorUnlessItIsNotRequired() throws IOException {
        assertThat(app("{\"dbb\": {\"condition\": \"service_started\"}}")).containsExactly("commonplace.json:1:111: error:"
                + " processes.app.depends_on.dbb: unknown dependency 'dbb' (did you mean 'db'?)");
        LoadResult optional = load("{\"processes\": {\"app\": {\"command\": \"x\", \"depends_on\": {\"cache\":"
                + " {\"condition\": \"service_started\", \"required\": false}}}}}");
        assertThat(optional.hasErrors()).isFalse();
        assertThat(optional.problems()).singleElement().extracting(Problem::format).asString()
                .endsWith("warning: processes.app.depends_on.cache: dependency 'cache' is not in this config; 'app' starts"
                        + " without it (\"required\": false)");
    }

    @Test
    void aCycleThroughTheLongSyntaxIsFound() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"depends_on\": {\"b\": {\"condition\": \"service_started\"}}},"
                + " \"b\": {\"command\": \"x\", \"depends_on\": [\"a\"]}}}"))
                .anyMatch(l -> l.contains("dependency cycle"));
    }

    @Test
    void aRemoteDependencyCanNeitherBindNorComplete() throws IOException {
        assertThat(problems("{\"mqtt_broker\": \"127.0.0.1:1883\", \"processes\": {\"app\": {\"command\": \"x\", \"depends_on\":"
                + " {\"b/db\": {\"condition\": \"service_completed\", \"restart\": true}}}}}"))
                .containsExactlyInAnyOrder(
                        "commonplace.json:1:142: error: processes.app.depends_on[\"b/db\"].restart: \"restart\": true needs a process"
                                + " of this config; remote dependency 'b/db' is only ever ready or not",
                        "commonplace.json:1:110: error: processes.app.depends_on[\"b/db\"].condition: condition \"service_completed\""
                                + " needs a process of this config; remote dependency 'b/db' is only ever ready or not (use service_healthy)");
    }

    @Test
    void successExitCodesAndExitAnyAreRead() throws IOException {
        LoadResult result = load("{\"processes\": {\"batch\": {\"command\": \"x\", \"restart\": {\"policy\": \"on_failure\","
                + " \"success_exit_codes\": [0, 3]}}, \"job\": {\"command\": \"x\", \"restart\": {\"policy\": \"never\"},"
                + " \"ready\": {\"exit\": \"any\"}}}}");
        assertThat(result.problems()).isEmpty();
        assertThat(result.config().orElseThrow().process("batch").orElseThrow().restart().successExitCodes()).isEqualTo(Set.of(0, 3));
        assertThat(result.config().orElseThrow().process("job").orElseThrow().ready().orElseThrow().describe())
                .isEqualTo("exit with any code (no timeout)");
    }

    @Test
    void wrongSuccessExitCodesAreOneLineEach() throws IOException {
        assertThat(problems("{\"processes\": {\"batch\": {\"command\": \"x\", \"restart\": {\"success_exit_codes\": [0, 256, 0, \"3\"]}}}}"))
                .containsExactly(
                        "commonplace.json:1:80: error: processes.batch.restart.success_exit_codes[1]: expected an exit code, a whole number 0..255, got number 256",
                        "commonplace.json:1:85: error: processes.batch.restart.success_exit_codes[2]: exit code 0 is listed twice",
                        "commonplace.json:1:88: error: processes.batch.restart.success_exit_codes[3]: expected an exit code, a whole number 0..255, got string \"3\"");
        assertThat(problems("{\"processes\": {\"batch\": {\"command\": \"x\", \"restart\": {\"success_exit_codes\": []}}}}"))
                .containsExactly("commonplace.json:1:76: error: processes.batch.restart.success_exit_codes: expected a list of exit codes such as [0, 3], got array []");
    }
}

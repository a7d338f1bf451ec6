package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per validation error: each asserts the whole formatted line, so the JSON path, the
 * offending value and the line:column are all checked.
 */
final class ConfigValidationTest {
    @TempDir
    Path dir;

    /** Loads the JSON as {@code commonplace.json} and returns its problems, formatted, with the folder cut off. */
    private List<String> problems(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        return formatted(new ConfigLoader(false).load(file));
    }

    private List<String> formatted(LoadResult result) {
        if (!result.problems().isEmpty()) {
            assertThat(result.config()).as("config despite problems").isEmpty();
        }
        return result.problems().stream().map(p -> p.format().replaceFirst("^" + java.util.regex.Pattern.quote(dir + "/"), "")).toList();
    }

    // --- the file itself ---

    @Test
    void missingFileIsAnErrorWithoutAPosition() {
        LoadResult result = new ConfigLoader(false).load(dir.resolve("nope.json"));
        assertThat(formatted(result)).containsExactly("nope.json: error: cannot read the config: no such file");
    }

    @Test
    void directoryIsNotAConfigFile() {
        assertThat(formatted(new ConfigLoader(false).load(dir)))
                .containsExactly(dir + ": error: is a directory, not a config file");
    }

    @Test
    void unreadableFileIsAnError() {
        // Root reads any file whatever its mode, so the test uses a file no one can read from its
        // start: a process's own memory, whose first page is never mapped (read gives EIO).
        Path file = Path.of("/proc/self/mem");
        assertThat(formatted(new ConfigLoader(false).load(file)))
                .singleElement().asString().startsWith("/proc/self/mem: error: cannot read the config: ");
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        assertThat(problems("")).containsExactly("commonplace.json: error: the file is empty");
    }

    @Test
    void fileOfOnlyWhitespaceIsAnError() throws IOException {
        assertThat(problems(" \n\t\n")).containsExactly("commonplace.json: error: the file is empty (only whitespace)");
    }

    @Test
    void textThatIsNotJsonIsOneErrorWithItsPositionAndNoJacksonBoilerplate() throws IOException {
        assertThat(problems("{\n  \"processes\": {\n    \"a\": {\"command\": 'x'}\n  }\n}\n")).containsExactly(
                "commonplace.json:3:22: error: not valid JSON: Unexpected character (''' (code 39)): expected a valid"
                        + " value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void topLevelArrayIsAnError() throws IOException {
        assertThat(problems("[{\"command\": \"x\"}]")).containsExactly(
                "commonplace.json:1:1: error: the top level must be an object {\"processes\": {...}}, got array"
                        + " [{\"command\":\"x\"}]");
    }

    @Test
    void duplicateKeyIsAnErrorAtTheSecondKey() throws IOException {
        assertThat(problems("""
                {"processes": {"http": {
                  "command": "commonplace-http",
                  "command": "other"}}}
                """)).containsExactly(
                "commonplace.json:3:3: error: processes.http.command: duplicate key 'command' in processes.http");
    }

    @Test
    void duplicateKeysAtEveryLevelAreAllReportedWithTheOtherProblems() throws IOException {
        assertThat(problems("""
                {"processes": {"a": {"command": "x", "args": 1}, "a": {}},
                 "processes": {}}
                """)).containsExactly(
                "commonplace.json:1:46: error: processes.a.args: expected an array of strings, got number 1",
                "commonplace.json:1:50: error: processes.a: duplicate key 'a' in processes",
                "commonplace.json:2:2: error: processes: duplicate key 'processes' at the top level");
    }

    // --- types ---

    @Test
    void argsGivenAsOneStringIsATypeError() throws IOException {
        assertThat(problems("""
                {"processes": {"http": {"command": "commonplace-http", "args": "--port 3000"}}}
                """)).containsExactly("commonplace.json:1:64: error: processes.http.args: expected an array of"
                + " strings, got string \"--port 3000\"");
    }

    @Test
    void argsElementThatIsNotAStringIsReportedAtItsIndex() throws IOException {
        assertThat(problems("""
                {"processes": {"http": {"command": "x", "args": ["--port", 3000, true]}}}
                """)).containsExactly(
                "commonplace.json:1:60: error: processes.http.args[1]: expected a string, got number 3000"
                        + " (write it in quotes: \"3000\")",
                "commonplace.json:1:66: error: processes.http.args[2]: expected a string, got boolean true"
                        + " (write it in quotes: \"true\")");
    }

    @Test
    void restartThatIsNotAnObjectIsATypeError() throws IOException {
        assertThat(problems("""
                {"processes": {"a": {"command": "x", "restart": "never"}}}
                """)).containsExactly("commonplace.json:1:49: error: processes.a.restart: expected an object"
                + " {\"policy\", \"backoff_ms\", \"max_backoff_ms\", \"max_restarts\", \"within_ms\"}, got string \"never\"");
    }

    @Test
    void backoffThatIsNotAWholeNumberIsATypeError() throws IOException {
        assertThat(problems("""
                {"processes": {"a": {"command": "x", "restart": {"backoff_ms": 2.5}}}}
                """)).containsExactly("commonplace.json:1:64: error: processes.a.restart.backoff_ms: expected a"
                + " whole number of milliseconds, got number 2.5");
    }

    // --- processes ---

    @Test
    void missingProcessesIsAnErrorAtTheTopLevelObject() throws IOException {
        assertThat(problems("{\"mqtt_broker\": \"h\"}")).containsExactly(
                "commonplace.json:1:1: error: processes: missing required field 'processes' (an object of name ->"
                        + " process; {} for none yet)");
    }

    @Test
    void emptyProcessesIsValidAsTodaysCommonplaceWritesIt() throws IOException {
        assertThat(problems("{\"processes\": {}}")).isEmpty();
    }

    @Test
    void processThatIsNotAnObjectIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"store\": \"commonplace-store\"}}")).containsExactly(
                "commonplace.json:1:25: error: processes.store: expected an object with at least \"command\", got"
                        + " string \"commonplace-store\"");
    }

    @Test
    void missingCommandIsAnErrorAtTheProcessObject() throws IOException {
        assertThat(problems("{\"processes\": {\"store\": {\"args\": []}}}")).containsExactly(
                "commonplace.json:1:25: error: processes.store.command: missing required field 'command' (the"
                        + " program to run)");
    }

    @Test
    void blankCommandIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"store\": {\"command\": \" \"}}}")).containsExactly(
                "commonplace.json:1:37: error: processes.store.command: must name a program, got \" \"");
    }

    @Test
    void processNameOutsideTheAllowedCharactersIsAnErrorThatSaysWhy() throws IOException {
        assertThat(problems("{\"processes\": {\"web/1\": {\"command\": \"x\"}}}")).containsExactly(
                "commonplace.json:1:16: error: processes[\"web/1\"]: process name 'web/1' may only use letters,"
                        + " digits, '.', '_' and '-', because names become log prefixes, file names, command-line arguments and MQTT topic"
                        + " levels");
    }

    // --- restart ---

    @Test
    void unknownRestartPolicyListsTheKnownOnes() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"restart\": {\"policy\": \"on-failure\"}}}}"))
                .containsExactly("commonplace.json:1:60: error: processes.a.restart.policy: unknown restart policy"
                        + " \"on-failure\"; use one of always, on_failure, never");
    }

    @Test
    void negativeBackoffIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"restart\": {\"backoff_ms\": -1}}}}"))
                .containsExactly("commonplace.json:1:64: error: processes.a.restart.backoff_ms: must not be"
                        + " negative, got -1");
    }

    @Test
    void maxBackoffBelowBackoffNamesBothValues() throws IOException {
        assertThat(problems("""
                {"processes": {"a": {"command": "x", "restart": {"backoff_ms": 800, "max_backoff_ms": 400}}}}
                """)).containsExactly("commonplace.json:1:87: error: processes.a.restart.max_backoff_ms:"
                + " max_backoff_ms 400 is below backoff_ms 800; the cap must be at least the first delay");
    }

    // --- broker ---

    @Test
    void brokerPortOutsideTheRangeIsAnErrorWithTheParsersReason() throws IOException {
        assertThat(problems("{\"mqtt_broker\": \"localhost:70000\", \"processes\": {\"a\": {\"command\": \"x\"}}}"))
                .containsExactly("commonplace.json:1:17: error: mqtt_broker: \"localhost:70000\" is not a broker"
                        + " address: port 70000 is outside 1..65535; use host:port, host, mqtt://host:port or"
                        + " tcp://host:port");
    }

    @Test
    void brokerPortThatIsNotANumberIsAnError() throws IOException {
        assertThat(problems("{\"mqtt_broker\": \"localhost:abc\", \"processes\": {\"a\": {\"command\": \"x\"}}}"))
                .singleElement().asString().startsWith("commonplace.json:1:17: error: mqtt_broker:"
                        + " \"localhost:abc\" is not a broker address: port 'abc' is not a number");
    }

    // --- depends_on ---

    @Test
    void unknownDependencyIsReportedWithSuggestion() throws IOException {
        assertThat(problems("""
                {
                  "processes": {
                    "store": {"command": "commonplace-store"},
                    "http": {
                      "command": "commonplace-http",
                      "depends_on": ["stor"]
                    }
                  }
                }
                """)).containsExactly("commonplace.json:6:22: error: processes.http.depends_on[0]: unknown"
                + " dependency 'stor' (did you mean 'store'?)");
    }

    @Test
    void selfDependencyIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"depends_on\": [\"a\"]}}}"))
                .containsExactly("commonplace.json:1:53: error: processes.a.depends_on[0]: process 'a' depends"
                        + " on itself");
    }

    @Test
    void duplicateDependencyIsAnError() throws IOException {
        assertThat(problems("""
                {"processes": {"b": {"command": "x"}, "a": {"command": "x", "depends_on": ["b", "b"]}}}
                """)).containsExactly("commonplace.json:1:81: error: processes.a.depends_on[1]: duplicate"
                + " dependency 'b' (already listed at processes.a.depends_on[0])");
    }

    @Test
    void threeProcessCycleIsReportedOnceAsItsPath() throws IOException {
        assertThat(problems("""
                {"processes": {
                  "c": {"command": "x", "depends_on": ["a"]},
                  "b": {"command": "x", "depends_on": ["c"]},
                  "a": {"command": "x", "depends_on": ["b"]}
                }}
                """)).containsExactly("commonplace.json:4:40: error: processes.a.depends_on[0]: dependency"
                + " cycle: a -> b -> c -> a");
    }

    @Test
    void unknownDependencyDoesNotHideACycle() throws IOException {
        assertThat(problems("""
                {"processes": {
                  "a": {"command": "x", "depends_on": ["ghost", "b"]},
                  "b": {"command": "x", "depends_on": ["a"]}
                }}
                """)).containsExactly(
                "commonplace.json:2:40: error: processes.a.depends_on[0]: unknown dependency 'ghost' (known"
                        + " processes: b)",
                "commonplace.json:2:49: error: processes.a.depends_on[1]: dependency cycle: a -> b -> a");
    }

    // --- cwd, env, stop ---

    @Test
    void cwdThatDoesNotExistNamesTheResolvedPath() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"cwd\": \"missing/dir\"}}}"))
                .containsExactly("commonplace.json:1:45: error: processes.a.cwd: directory \"missing/dir\" does"
                        + " not exist (resolved to " + dir.toAbsolutePath().resolve("missing/dir") + ")");
    }

    @Test
    void cwdThatIsAFileIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"cwd\": \"commonplace.json\"}}}"))
                .containsExactly("commonplace.json:1:45: error: processes.a.cwd: \"commonplace.json\" is not a"
                        + " directory (resolved to " + dir.toAbsolutePath().resolve("commonplace.json") + ")");
    }

    @Test
    void envThatIsNotAnObjectIsATypeError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"env\": \"A=1\"}}}"))
                .containsExactly("commonplace.json:1:45: error: processes.a.env: expected an object of names to"
                        + " string values, got string \"A=1\"");
    }

    @Test
    void envValueThatIsNotAStringIsATypeError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"env\": {\"DEBUG\": true}}}}"))
                .containsExactly("commonplace.json:1:55: error: processes.a.env.DEBUG: expected a string, got"
                        + " boolean true (write it in quotes: \"true\")");
    }

    @Test
    void envNameWithAnEqualsSignIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"env\": {\"A=B\": \"1\"}}}}"))
                .containsExactly("commonplace.json:1:46: error: processes.a.env[\"A=B\"]: environment variable"
                        + " name 'A=B' must not contain '='");
    }

    @Test
    void emptyEnvNameIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"env\": {\"\": \"1\"}}}}"))
                .containsExactly("commonplace.json:1:46: error: processes.a.env[\"\"]: environment variable names"
                        + " must not be empty");
    }

    @Test
    void unknownStopSignalListsTheKnownOnes() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"stop_signal\": \"STOP\"}}}"))
                .containsExactly("commonplace.json:1:53: error: processes.a.stop_signal: unknown stop signal"
                        + " \"STOP\"; use one of HUP, INT, QUIT, KILL, USR1, USR2, TERM (with or without SIG)");
    }

    @Test
    void negativeStopTimeoutIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"stop_timeout_ms\": -100}}}"))
                .containsExactly("commonplace.json:1:57: error: processes.a.stop_timeout_ms: must not be negative,"
                        + " got -100");
    }

    @Test
    void stopTimeoutGivenAsAStringIsATypeError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"stop_timeout_ms\": \"5s\"}}}"))
                .containsExactly("commonplace.json:1:57: error: processes.a.stop_timeout_ms: expected a whole"
                        + " number of milliseconds, got string \"5s\"");
    }

    @Test
    void mqttBrokerArgThatIsNotABooleanIsATypeError() throws IOException {
        assertThat(problems("{\"processes\": {\"a\": {\"command\": \"x\", \"mqtt_broker_arg\": 1}}}"))
                .containsExactly("commonplace.json:1:57: error: processes.a.mqtt_broker_arg: expected true or"
                        + " false, got number 1");
    }

    // --- all at once ---

    @Test
    void everyProblemInTheFileIsReportedInOneRun() throws IOException {
        assertThat(problems("""
                {"mqtt_broker": "h:0",
                 "processes": {
                   "a": {"command": "", "restart": {"policy": "sometimes", "backoff_ms": -1}},
                   "b": {"args": "x", "depends_on": ["c"], "env": {"X": 1}},
                   "bad name": {"command": "x", "stop_signal": "NOPE"}
                 }}
                """)).hasSize(10);
    }
}

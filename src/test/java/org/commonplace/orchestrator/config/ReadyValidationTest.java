package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per error of a {@code ready} block and of {@code broker_process}: each asserts the whole
 * formatted line, so the JSON path, the offending value and the line:column are all checked.
 */
final class ReadyValidationTest {
    /** Where the value of {@code ready} starts in {@link #withReady}'s one line: column 49. */
    private static final String PREFIX = "{\"processes\": {\"web\": {\"command\": \"x\", \"ready\": ";

    @TempDir
    Path dir;

    private List<String> problems(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), json);
        LoadResult result = new ConfigLoader(false).load(file);
        if (result.hasErrors()) {
            assertThat(result.config()).as("config despite errors").isEmpty();
        }
        return result.problems().stream()
                .map(p -> p.format().replaceFirst("^" + java.util.regex.Pattern.quote(dir + "/"), ""))
                .toList();
    }

    /** A one-process config whose process {@code web} has the given {@code ready} value. */
    private List<String> withReady(String ready) throws IOException {
        return problems(PREFIX + ready + "}}}");
    }

    // --- the block ---

    @Test
    void readyThatIsNotAnObjectIsATypeErrorListingTheKinds() throws IOException {
        assertThat(withReady("\"tcp\"")).containsExactly("commonplace.json:1:49: error: processes.web.ready:"
                + " expected an object with one check: \"tcp\", \"http\", \"exec\", \"log\", \"mqtt\", \"mqtt_message\" or \"exit\", got string"
                + " \"tcp\"");
    }

    @Test
    void readyWithoutACheckIsAnErrorListingTheKinds() throws IOException {
        assertThat(withReady("{\"timeout_ms\": 5000}")).containsExactly("commonplace.json:1:49: error:"
                + " processes.web.ready: expected exactly one check, \"tcp\", \"http\", \"exec\", \"log\", \"mqtt\""
                + ", \"mqtt_message\" or \"exit\", got none");
    }

    @Test
    void anExitCheckIsAnExitCodeWithoutATimeoutUnlessOneIsGiven() throws IOException {
        Path file = Files.writeString(dir.resolve("commonplace.json"), "{\"processes\": {"
                + "\"migrate\": {\"command\": \"x\", \"restart\": {\"policy\": \"never\"}, \"ready\": {\"exit\": 0}},"
                + "\"seed\": {\"command\": \"x\", \"restart\": {\"policy\": \"on_failure\"}, \"ready\": {\"exit\": 3,"
                + " \"timeout_ms\": 9000}}}}");
        var config = new ConfigLoader(false).load(file).config().orElseThrow();
        assertThat(config.processes().get("migrate").ready()).contains(new ReadySpec(new ReadyCheck.Exit(0),
                ReadySpec.DEFAULT_INTERVAL_MS, ReadySpec.NO_TIMEOUT));
        assertThat(config.processes().get("migrate").ready().orElseThrow().describe()).isEqualTo("exit code 0 (no timeout)");
        assertThat(config.processes().get("seed").ready().orElseThrow().describe()).isEqualTo("exit code 3 (timeout 9000 ms)");
    }

    @Test
    void anExitCheckOnAProcessThatIsAlwaysRestartedIsAnError() throws IOException {
        assertThat(problems("{\"processes\": {\"m\": {\"command\": \"x\", \"ready\": {\"exit\": 0}}}}"))
                .containsExactly("commonplace.json:1:56: error: processes.m.ready.exit: \"exit\": 0 needs restart policy"
                        + " \"never\" or \"on_failure\" (a process that is always restarted never finishes), got \"always\" (the default)");
    }

    @Test
    void readyWithTwoChecksIsAnErrorNamingBoth() throws IOException {
        assertThat(withReady("{\"tcp\": \"h:1\", \"http\": \"http://h/\"}")).containsExactly(
                "commonplace.json:1:49: error: processes.web.ready: expected exactly one check, \"tcp\", \"http\","
                        + " \"exec\", \"log\", \"mqtt\", \"mqtt_message\" or \"exit\", got tcp and http");
    }

    @Test
    void misspeltCheckIsAWarningWithSuggestionBesidesTheMissingCheck() throws IOException {
        assertThat(withReady("{\"htp\": \"http://h/\"}")).containsExactly(
                "commonplace.json:1:49: error: processes.web.ready: expected exactly one check, \"tcp\", \"http\","
                        + " \"exec\", \"log\", \"mqtt\", \"mqtt_message\" or \"exit\", got none",
                "commonplace.json:1:50: warning: processes.web.ready.htp: unknown field 'htp' in processes.web.ready;"
                        + " did you mean 'http'?");
    }

    @Test
    void zeroIntervalIsAnError() throws IOException {
        assertThat(withReady("{\"tcp\": \"h:1\", \"interval_ms\": 0}")).containsExactly(
                "commonplace.json:1:79: error: processes.web.ready.interval_ms: must be at least 1, got 0");
    }

    @Test
    void negativeTimeoutIsAnError() throws IOException {
        assertThat(withReady("{\"tcp\": \"h:1\", \"timeout_ms\": -5}")).containsExactly(
                "commonplace.json:1:78: error: processes.web.ready.timeout_ms: must not be negative, got -5");
    }

    @Test
    void timeoutGivenAsAStringIsATypeError() throws IOException {
        assertThat(withReady("{\"tcp\": \"h:1\", \"timeout_ms\": \"60s\"}")).containsExactly(
                "commonplace.json:1:78: error: processes.web.ready.timeout_ms: expected a whole number of"
                        + " milliseconds, got string \"60s\"");
    }

    // --- tcp ---

    @Test
    void tcpWithoutAPortIsAnError() throws IOException {
        assertThat(withReady("{\"tcp\": \"localhost\"}")).containsExactly("commonplace.json:1:57: error:"
                + " processes.web.ready.tcp: \"localhost\" is not a TCP address: the port is missing; use host:port");
    }

    @Test
    void tcpPortOutsideTheRangeIsAnError() throws IOException {
        assertThat(withReady("{\"tcp\": \"127.0.0.1:0\"}")).containsExactly("commonplace.json:1:57: error:"
                + " processes.web.ready.tcp: \"127.0.0.1:0\" is not a TCP address: port 0 is outside 1..65535; use"
                + " host:port");
    }

    @Test
    void tcpGivenAsANumberIsATypeError() throws IOException {
        assertThat(withReady("{\"tcp\": 8080}")).containsExactly("commonplace.json:1:57: error:"
                + " processes.web.ready.tcp: expected a string, got number 8080 (write it in quotes: \"8080\")");
    }

    // --- http ---

    @Test
    void httpUrlWithAnotherSchemeIsAnError() throws IOException {
        assertThat(withReady("{\"http\": \"ftp://h/health\"}")).containsExactly("commonplace.json:1:58: error:"
                + " processes.web.ready.http: \"ftp://h/health\" is not an http:// or https:// URL");
    }

    @Test
    void httpWithoutASchemeIsAnError() throws IOException {
        assertThat(withReady("{\"http\": \"localhost:5199/health\"}")).containsExactly("commonplace.json:1:58:"
                + " error: processes.web.ready.http: \"localhost:5199/health\" is not an http:// or https:// URL");
    }

    @Test
    void httpUrlWithoutAHostIsAnError() throws IOException {
        assertThat(withReady("{\"http\": \"http:///health\"}")).containsExactly("commonplace.json:1:58: error:"
                + " processes.web.ready.http: \"http:///health\" has no host; use http://host:port/path");
    }

    @Test
    void httpTextThatIsNotAUrlIsAnErrorWithTheReason() throws IOException {
        assertThat(withReady("{\"http\": \"http://h/a b\"}")).containsExactly("commonplace.json:1:58: error:"
                + " processes.web.ready.http: \"http://h/a b\" is not a URL: Illegal character in path at index 10");
    }

    // --- exec ---

    @Test
    void emptyExecListIsAnError() throws IOException {
        assertThat(withReady("{\"exec\": []}")).containsExactly("commonplace.json:1:58: error:"
                + " processes.web.ready.exec: expected [\"command\", \"arg\", ...], got an empty array []");
    }

    @Test
    void emptyStringsInExecAreErrorsAtTheirIndex() throws IOException {
        assertThat(withReady("{\"exec\": [\"\", \"-h\", \"\"]}")).containsExactly(
                "commonplace.json:1:59: error: processes.web.ready.exec[0]: must name a program, got \"\"",
                "commonplace.json:1:69: error: processes.web.ready.exec[2]: must not be an empty string");
    }

    @Test
    void execGivenAsOneStringIsATypeError() throws IOException {
        assertThat(withReady("{\"exec\": \"pg_isready -h localhost\"}")).containsExactly(
                "commonplace.json:1:58: error: processes.web.ready.exec: expected an array of strings, got string"
                        + " \"pg_isready -h localhost\"");
    }

    // --- log, mqtt ---

    @Test
    void logRegexThatDoesNotCompileIsAnErrorWithTheReasonOnOneLine() throws IOException {
        assertThat(withReady("{\"log\": \"listening (on\"}")).containsExactly("commonplace.json:1:57: error:"
                + " processes.web.ready.log: \"listening (on\" is not a valid regular expression: Unclosed group at"
                + " index 13");
    }

    @Test
    void mqttAddressWithABadSchemeIsAnError() throws IOException {
        assertThat(withReady("{\"mqtt\": \"ws://localhost:9001\"}")).containsExactly("commonplace.json:1:58:"
                + " error: processes.web.ready.mqtt: \"ws://localhost:9001\" is not a broker address: scheme 'ws://'"
                + " is not mqtt:// or tcp://; use host:port, host, mqtt://host:port or tcp://host:port");
    }

    // --- broker_process ---

    @Test
    void brokerProcessNamingNoProcessIsAnErrorWithSuggestion() throws IOException {
        assertThat(problems("{\"broker_process\": \"mosquito\", \"processes\": {\"mosquitto\": {\"command\": \"x\"}}}"))
                .containsExactly("commonplace.json:1:20: error: broker_process: unknown process 'mosquito' (did you"
                        + " mean 'mosquitto'?)");
    }

    @Test
    void brokerProcessWithoutACloseMatchListsTheProcesses() throws IOException {
        assertThat(problems("{\"broker_process\": \"broker\", \"processes\": {\"b\": {\"command\": \"x\"},"
                + " \"a\": {\"command\": \"x\"}}}"))
                .containsExactly("commonplace.json:1:20: error: broker_process: unknown process 'broker' (known"
                        + " processes: a, b)");
    }

    @Test
    void brokerProcessThatIsNotAStringIsATypeError() throws IOException {
        assertThat(problems("{\"broker_process\": [\"mosquitto\"], \"processes\": {\"mosquitto\": {\"command\": \"x\"}}}"))
                .containsExactly("commonplace.json:1:20: error: broker_process: expected a string, got array"
                        + " [\"mosquitto\"]");
    }
}

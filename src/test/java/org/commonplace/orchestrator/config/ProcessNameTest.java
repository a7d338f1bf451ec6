package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, item 10: a process named {@code orchestrator} printed {@code [orchestrator] …} lines
 * that passed for ours, and {@code ..}, {@code .} and {@code -v} were accepted although names become
 * file names and command-line arguments ({@code --only -v}).
 */
final class ProcessNameTest {
    @TempDir
    Path dir;

    private LoadResult load(String name) throws IOException {
        String key = name.replace("\\", "\\\\").replace("\"", "\\\"");
        return new ConfigLoader(true).load(Files.writeString(dir.resolve("commonplace.json"),
                "{\"processes\": {\"" + key + "\": {\"command\": \"x\"}}}"));
    }

    private List<String> errors(String name) throws IOException {
        return load(name).errors().stream().map(p -> p.format().replace(dir + "/", "")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"store", "http", "web-1", "a.b", "_private", "9lives", "Store_2.x-y", "orchestrator2",
            "my-orchestrator"})
    void namesOfLettersDigitsDotsUnderscoresAndDashesLoad(String name) throws IOException {
        assertThat(load(name).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", ".hidden", "-v", "--only", "-", "a b", "a/b", "ä", "",
            "orchestrator", "Orchestrator", "ORCHESTRATOR"})
    void otherNamesAreRejected(String name) throws IOException {
        assertThat(errors(name)).singleElement().asString().contains("process name '" + name + "'");
    }

    @Test
    void aNameStartingWithADashOrDotSaysWhy() throws IOException {
        assertThat(errors("..")).containsExactly("commonplace.json:1:16: error: processes[\"..\"]: process name '..'"
                + " must not start with '-' or '.', because names become log prefixes, file names, command-line"
                + " arguments and MQTT topic levels");
    }

    @Test
    void orchestratorIsReserved() throws IOException {
        assertThat(errors("orchestrator")).containsExactly("commonplace.json:1:16: error: processes.orchestrator:"
                + " process name 'orchestrator' is reserved: the orchestrator's own lines start with [orchestrator];"
                + " choose another name");
    }

    @Test
    void sixtyFourCharactersAreTheLongestName() throws IOException {
        assertThat(load("a".repeat(64)).problems()).isEmpty();
        assertThat(errors("a".repeat(65))).singleElement().asString()
                .contains("has 65 characters; at most 64 are allowed");
    }
}

package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ShellWordsTest {
    @Test
    void splitsOnWhitespace() {
        assertThat(ShellWords.split("  --port 3001\t--verbose ")).containsExactly("--port", "3001", "--verbose");
    }

    @Test
    void quotesKeepSpacesAndAreRemoved() {
        assertThat(ShellWords.split("--name 'my store' --motd \"hello \\\"you\\\"\" a\\ b"))
                .containsExactly("--name", "my store", "--motd", "hello \"you\"", "a b");
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertThat(ShellWords.split("--x '' y")).containsExactly("--x", "", "y");
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        assertThatThrownBy(() -> ShellWords.split("--name 'oops")).hasMessageContaining("unclosed single quote");
        assertThatThrownBy(() -> ShellWords.split("\"oops")).hasMessageContaining("unclosed double quote");
    }
}

package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class SuggestionsTest {
    private static final List<String> FIELDS = ProcessValidator.FIELDS;

    @Test
    void aWordWithinTwoEditsIsSuggested() {
        assertThat(Suggestions.closest("depend_on", FIELDS)).contains("depends_on");
        assertThat(Suggestions.closest("comand", FIELDS)).contains("command");
    }

    @Test
    void caseDashesAndUnderscoresDoNotCountAsDifferences() {
        assertThat(Suggestions.closest("dependsOn", FIELDS)).contains("depends_on");
        assertThat(Suggestions.closest("Stop-Timeout-MS", FIELDS)).contains("stop_timeout_ms");
    }

    @Test
    void aDistantWordHasNoSuggestion() {
        assertThat(Suggestions.closest("healthcheck", FIELDS)).isEmpty();
    }

    @Test
    void aShortNameIsNotSuggestedForOneItSharesNoLetterWith() {
        assertThat(Suggestions.closest("db", List.of("x", "web"))).isEmpty();
        assertThat(Suggestions.closest("a", List.of("b"))).isEmpty();
        assertThat(Suggestions.closest("db", List.of("pb"))).contains("pb");
        assertThat(Suggestions.closest("wbe", List.of("web"))).contains("web");
    }

    @Test
    void theClosestCandidateWinsThenTheSmallestName() {
        assertThat(Suggestions.closest("ab", List.of("abcd", "abc", "abd"))).contains("abc");
    }

    @Test
    void levenshteinDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}

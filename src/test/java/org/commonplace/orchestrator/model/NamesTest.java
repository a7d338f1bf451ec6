package org.commonplace.orchestrator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one name rule, as the config, the control socket and MQTT commands apply it. */
final class NamesTest {
    @Test
    void aNameIsOneTo64LettersDigitsDotsUnderscoresAndDashesNotStartingWithADotOrADash() {
        assertThat(Names.validProcess("web")).isTrue();
        assertThat(Names.validProcess("store_2.v-1")).isTrue();
        assertThat(Names.validProcess("_x")).isTrue();
        assertThat(Names.validProcess("x".repeat(64))).isTrue();
        assertThat(Names.validProcess("x".repeat(65))).isFalse();
        assertThat(Names.validProcess("")).isFalse();
        assertThat(Names.validProcess("-x")).isFalse();
        assertThat(Names.validProcess(".x")).isFalse();
        assertThat(Names.validProcess("a/b")).isFalse();
        assertThat(Names.validProcess("my store")).isFalse();
        assertThat(Names.validProcess("a+b")).isFalse();
        assertThat(Names.validProcess("é")).isFalse();
    }

    @Test
    void instancesFollowTheSameRuleButMayBeCalledOrchestrator() {
        for (String name : new String[] {"web", "x".repeat(64), "x".repeat(65), "", "-x", ".x", "a/b", "a+b", "#", "+"}) {
            assertThat(Names.validInstance(name)).as(name).isEqualTo(Names.validProcess(name));
        }
        assertThat(Names.validInstance("orchestrator")).isTrue();
        assertThat(Names.validProcess("orchestrator")).isFalse();
        assertThat(Names.validProcess("Orchestrator")).isFalse();
    }

    @Test
    void theProblemSaysWhatIsWrongAndWhy() {
        assertThat(Names.problemWithProcess("a/b")).hasValue("process name 'a/b' may only use letters, digits, '.', '_'"
                + " and '-', because " + Names.WHY);
        assertThat(Names.problemWithProcess(".x").orElseThrow()).contains("must not start with '-' or '.'");
        assertThat(Names.problemWithProcess("x".repeat(65)).orElseThrow()).contains("has 65 characters; at most 64");
        assertThat(Names.problemWithProcess("orchestrator").orElseThrow()).contains("is reserved");
        // A huge name is not echoed whole.
        assertThat(Names.problemWithProcess("x".repeat(100_000)).orElseThrow()).hasSizeLessThan(400);
        assertThat(Names.problemWithProcess("web")).isEmpty();
    }
}

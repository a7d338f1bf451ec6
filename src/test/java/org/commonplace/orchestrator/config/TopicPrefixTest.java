package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one prefix rule, as check, watch and the publisher apply it (formerly two rules, FleetTest and FabricValidator). */
final class TopicPrefixTest {
    @Test
    void aPrefixMustMakeATopicAndAFilter() {
        assertThat(TopicPrefix.problem("commonplace/orchestrator")).isEmpty();
        assertThat(TopicPrefix.problem("site/+")).contains("it holds a wildcard ('+' or '#'), which a topic to publish on cannot");
        assertThat(TopicPrefix.problem("a/#")).isPresent();
        assertThat(TopicPrefix.problem("")).contains("it is empty");
        assertThat(TopicPrefix.problem("/")).contains("it is empty");
        assertThat(TopicPrefix.problem("a//")).contains("it has an empty level");
        assertThat(TopicPrefix.problem("/a")).contains("it has an empty level");
        assertThat(TopicPrefix.problem("$SYS/x")).contains("topics starting with '$' are the broker's own");
        assertThat(TopicPrefix.problem("a\u0000b")).contains("it holds a control character");
        assertThat(TopicPrefix.problem("a\u009fb")).contains("it holds a control character");
        assertThat(TopicPrefix.problem("a\udc00")).get().asString().contains("surrogate");
        assertThat(TopicPrefix.problem("caf\u00e9/\ud83d\ude00")).isEmpty();
        assertThat(TopicPrefix.problem("x".repeat(TopicPrefix.MAX_CHARS))).isEmpty();
        assertThat(TopicPrefix.problem("x".repeat(TopicPrefix.MAX_CHARS + 1))).get().asString().contains("at most 200");
    }

    @Test
    void oneTrailingSlashIsDropped() {
        assertThat(TopicPrefix.problem("fleet/")).isEmpty();
        assertThat(TopicPrefix.normalized("fleet/")).isEqualTo("fleet");
        assertThat(TopicPrefix.normalized("fleet")).isEqualTo("fleet");
    }
}

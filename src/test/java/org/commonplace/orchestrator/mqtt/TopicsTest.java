package org.commonplace.orchestrator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The publisher's topics follow the one prefix rule (config.TopicPrefix) that check and watch follow. */
final class TopicsTest {
    @Test
    void aPrefixWithATrailingSlashPublishesWhereWatchLooks() {
        // Before issue 23 item 3 the publisher took the prefix as given: "fleet//me/status".
        assertThat(new Topics("fleet/", "me").status()).isEqualTo("fleet/me/status");
        assertThat(new Topics("fleet/", "me").prefix()).isEqualTo("fleet");
    }

    @Test
    void aPrefixCheckRefusesIsRefusedHereToo() {
        assertThatThrownBy(() -> new Topics("$x/y", "me")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker's own");
        assertThatThrownBy(() -> new Topics("a/#", "me")).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.commonplace.orchestrator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Another orchestrator's claim comes from the broker: anyone who may publish there writes it. */
final class ClaimTest {
    private static final Claim CLAIM = new Claim("cpoABC", "vm", 4242, "/srv/shop/commonplace.json",
            Instant.parse("2026-12-07T18:01:02.345Z"));

    @Test
    void aClaimReadsBackAsWrittenAndSaysWhereItRuns() {
        assertThat(Claim.parse(CLAIM.json())).contains(CLAIM);
        assertThat(CLAIM.where()).isEqualTo("host vm, pid 4242, config /srv/shop/commonplace.json, since 2026-12-07T18:01:02Z");
    }

    @Test
    void anythingElseIsNoClaim() {
        for (String hostile : new String[] {"", "online", "[]", "{}", "{\"session\":\"s\"}",
                "{\"session\":\"s\",\"host\":\"h\",\"pid\":\"x\",\"config\":\"c\",\"since\":\"2026-01-01T00:00:00Z\"}",
                "{\"session\":\"s\",\"host\":\"h\\u001b[2J\",\"pid\":1,\"config\":\"c\",\"since\":\"2026-01-01T00:00:00Z\"}",
                "{\"session\":\"s\",\"host\":\"h\",\"pid\":1,\"config\":\"c\",\"since\":\"yesterday\"}",
                "{\"session\":\"s\",\"host\":\"" + "h".repeat(5000) + "\",\"pid\":1,\"config\":\"c\",\"since\":\"2026-01-01T00:00:00Z\"}"}) {
            assertThat(Claim.parse(hostile.getBytes(StandardCharsets.UTF_8))).as(hostile).isEmpty();
        }
    }
}

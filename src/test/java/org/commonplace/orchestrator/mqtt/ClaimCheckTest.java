package org.commonplace.orchestrator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The claim check's verdict from what the broker hands it. An {@code online} status with no claim is
 * another's at the first connection, and our own at a reconnect: a broker that restarted with our
 * retained status but without our claim (a kill -9 of the embedded broker with persistence) made the
 * orchestrator stop publishing for the rest of the run, taking its own status for a rival's.
 */
final class ClaimCheckTest {
    private static final Topics TOPICS = new Topics("commonplace/orchestrator", "shop");
    private static final Claim OURS = new Claim("cpoOURS", "vm", ProcessHandle.current().pid(), "/srv/shop/commonplace.json",
            Instant.parse("2026-12-07T18:01:02Z"));

    /** A broker that has our status retained as {@code online} and no claim, and echoes what we publish. */
    private static ClaimCheck.Verdict verdictWithOnlineAndNoClaim(boolean heldBefore) throws Exception {
        var check = new ClaimCheck(TOPICS, OURS, heldBefore);
        check.offer(new Inbound(TOPICS.status(), Topics.ONLINE.getBytes(StandardCharsets.UTF_8), true, Optional.empty(), null));
        BrokerSession echoing = new BrokerSession() {
            @Override
            public String protocol() {
                return "test";
            }

            @Override
            public void publish(String topic, byte[] payload, boolean retained, long timeoutMs) {
                check.offer(new Inbound(topic, payload, false, Optional.empty(), null));
            }

            @Override
            public void reply(String topic, byte[] payload, byte[] correlation, long timeoutMs) {
            }

            @Override
            public void subscribe(List<String> filters, long timeoutMs) {
            }

            @Override
            public boolean connected() {
                return true;
            }

            @Override
            public void close(long timeoutMs) {
            }
        };
        return check.verdict(echoing, 5_000);
    }

    @Test
    void anUnclaimedOnlineIsAnothersAtTheFirstConnection() throws Exception {
        assertThat(verdictWithOnlineAndNoClaim(false)).isInstanceOf(ClaimCheck.Verdict.Taken.class);
    }

    @Test
    void anUnclaimedOnlineIsOurOwnAtAReconnect() throws Exception {
        assertThat(verdictWithOnlineAndNoClaim(true)).isInstanceOf(ClaimCheck.Verdict.Free.class);
    }
}

package org.commonplace.orchestrator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The latest state per topic, sent once; everything again after a reconnect; replies bounded. */
final class OutboxTest {
    private final Outbox outbox = new Outbox();

    @Test
    void onlyTheLatestPayloadOfATopicIsSent() throws InterruptedException {
        outbox.put("a", new byte[] {1});
        outbox.put("a", new byte[] {2});
        outbox.put("b", new byte[] {3});
        assertThat(outbox.take(0)).extracting(o -> o.topic() + o.payload()[0]).containsExactly("a2", "b3");
        assertThat(outbox.take(0)).isEmpty();
        outbox.resendAll();
        assertThat(outbox.take(0)).extracting(o -> o.topic() + o.payload()[0]).containsExactly("a2", "b3");
    }

    @Test
    void repliesComeFirstAndAreBounded() throws InterruptedException {
        outbox.put("state", new byte[] {1});
        for (int i = 0; i < Outbox.MAX_REPLIES; i++) {
            assertThat(outbox.reply("r", new byte[0], new byte[0])).isTrue();
        }
        assertThat(outbox.reply("r", new byte[0], new byte[0])).isFalse();
        var all = outbox.take(0);
        assertThat(all).hasSize(Outbox.MAX_REPLIES + 1);
        assertThat(all.getFirst().retained()).isFalse();
        assertThat(all.getLast().topic()).isEqualTo("state");
    }

    @Test
    void aWakeEndsAWaitWithNothing() throws InterruptedException {
        outbox.wake();
        assertThat(outbox.take(60_000)).isEmpty();
    }
}

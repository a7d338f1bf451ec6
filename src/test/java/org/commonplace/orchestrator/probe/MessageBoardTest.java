package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.supervise.ReadinessWatcher;
import org.junit.jupiter.api.Test;

/** Which arriving messages make a watch ready: live ones on its filter whose payload matches, once. */
final class MessageBoardTest {
    /** Never connected: the test hands messages in as Paho's callback would. */
    private final MessageBoard board = new MessageBoard(BrokerAddress.parse("127.0.0.1:1"), Optional.empty(), Optional.empty(),
            line -> { });
    private final AtomicInteger ready = new AtomicInteger();

    private void arrive(String topic, String payload, boolean retained) {
        board.arrived(topic, payload.getBytes(StandardCharsets.UTF_8), retained);
    }

    @Test
    void aRetainedMessageIsIgnoredALiveOneOnTheFilterWithAMatchingPayloadMakesItReadyOnce() {
        ReadinessWatcher.Watch watch = board.watch("events/+/initial-complete", Optional.of(Pattern.compile("^done$")),
                ready::incrementAndGet);
        try {
            arrive("events/sync/initial-complete", "done", true); // kept by the broker: maybe from before the start
            arrive("events/sync/other", "done", false);
            arrive("events/sync/initial-complete", "partial", false);
            assertThat(ready).hasValue(0);
            assertThat(watch.lastFailure()).contains("a message on events/sync/initial-complete did not match /^done$/");
            arrive("events/sync/initial-complete", "done", false);
            arrive("events/sync/initial-complete", "done", false);
            assertThat(ready).hasValue(1);
        } finally {
            board.close();
        }
    }

    @Test
    void aCancelledWatchHearsNothingAndAnyPayloadDoesWithoutARegex() {
        ReadinessWatcher.Watch cancelled = board.watch("a/#", Optional.empty(), ready::incrementAndGet);
        cancelled.cancel();
        arrive("a/b", "x", false);
        assertThat(ready).hasValue(0);
        board.watch("a/#", Optional.empty(), ready::incrementAndGet);
        arrive("a/b/c", "", false);
        assertThat(ready).hasValue(1);
        board.close();
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.SilentBroker;
import org.junit.jupiter.api.Test;

/**
 * Issue 22.9: Eclipse Paho logs its keep-alive timeout through java.util.logging, whose default
 * handler printed two raw lines ({@code ... ClientState checkForActivity} and {@code SEVERE: ...
 * Timed out as no activity}) among ours. {@code watch} against a broker that answers and then goes
 * silent: the loss is said once, in our words, and nothing of Paho's.
 */
final class LibraryLoggingTest {
    /** watch's keep-alive is 15 s: Paho pings after 15 s and gives up 15 s later. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aKeepAliveTimeoutIsSaidOnceInOurWordsAndPahosOwnLinesNever() throws Exception {
        try (var broker = SilentBroker.start();
             var watch = OrchestratorRun.start("watch", "--mqtt-broker", "127.0.0.1:" + broker.port())) {
            watch.awaitStderr("lost the MQTT broker at 127\\.0\\.0\\.1:" + broker.port(), WAIT);
            watch.awaitStderr("the MQTT broker at 127\\.0\\.0\\.1:" + broker.port() + " is back", WAIT);
            String err = watch.stderr();
            assertThat(err).doesNotContain("SEVERE", "WARNING", "checkForActivity", "Timed out as no activity");
            assertThat(err.lines().filter(l -> l.contains("lost the MQTT broker"))).hasSize(1);
            assertThat(err.lines()).allMatch(l -> l.startsWith("commonplace-orchestrator watch: ") || l.startsWith("[orchestrator] "));
            assertThat(err.lines().filter(l -> l.startsWith("[orchestrator] "))).hasSizeLessThanOrEqualTo(1);
            watch.signal(15);
            watch.awaitExit(WAIT);
        }
    }
}

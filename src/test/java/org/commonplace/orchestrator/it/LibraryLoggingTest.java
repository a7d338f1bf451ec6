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
    /**
     * watch's keep-alive, set short (the default, 15 s, made this test wait 30 s twice): Paho pings
     * after 2 s of silence and gives up 2 s later.
     */
    private static final String KEEP_ALIVE_S = "2";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aKeepAliveTimeoutIsSaidOnceInOurWordsAndPahosOwnLinesNever() throws Exception {
        try (var broker = SilentBroker.start();
             var watch = OrchestratorRun.start("watch", "--mqtt-broker", "127.0.0.1:" + broker.port(),
                     "--keep-alive", KEEP_ALIVE_S)) {
            watch.awaitStderr("lost the MQTT broker at 127\\.0\\.0\\.1:" + broker.port(), WAIT);
            watch.awaitStderr("the MQTT broker at 127\\.0\\.0\\.1:" + broker.port() + " is back", WAIT);
            String err = watch.stderr();
            assertThat(err).doesNotContain("SEVERE", "WARNING", "checkForActivity", "Timed out as no activity");
            // Once per loss: the silent broker is lost again a few seconds after it is back, so the
            // lines are counted up to the first "is back".
            var firstLoss = err.lines().takeWhile(l -> !l.contains(" is back"));
            assertThat(firstLoss.filter(l -> l.contains("lost the MQTT broker"))).hasSize(1);
            assertThat(err.lines()).allMatch(l -> l.startsWith("commonplace-orchestrator watch: ") || l.startsWith("[orchestrator] "));
            assertThat(err.lines().filter(l -> l.startsWith("[orchestrator] "))).hasSizeLessThanOrEqualTo(1);
            watch.signal(15);
            watch.awaitExit(WAIT);
        }
    }
}

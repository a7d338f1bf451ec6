package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The --wait-for-broker time plan on a clock moved by hand. */
final class PatienceTest {
    private long now = 1_000_000;

    private Patience patience(int seconds) {
        return new Patience(() -> now, Duration.ofSeconds(seconds));
    }

    @Test
    void withoutPatienceThereIsOneFullAttempt() {
        var plan = patience(0);
        assertThat(plan.nextAttempt()).contains(Duration.ofSeconds(5));
        now += 5000;
        assertThat(plan.pauseMs()).isZero();
        assertThat(plan.nextAttempt()).isEmpty();
    }

    @Test
    void theLastAttemptIsCutToTheTimeLeftSoASilentBrokerEndsByTheDeadline() {
        // A port that accepts TCP and never answers: every attempt takes all it is given.
        var plan = patience(12);
        long start = now;
        Optional<Duration> attempt;
        int attempts = 0;
        while ((attempt = plan.nextAttempt()).isPresent()) {
            attempts++;
            now += attempt.get().toMillis();
            now += plan.pauseMs();
        }
        assertThat(now - start).isEqualTo(12_000); // 5 s, pause, 5 s, pause, the last 1 s
        assertThat(attempts).isEqualTo(3);
    }

    @Test
    void quickFailuresAreRetriedAPauseApartUntilTheDeadline() {
        var plan = patience(2);
        int attempts = 0;
        while (plan.nextAttempt().isPresent()) {
            attempts++;
            now += 10; // connection refused
            now += plan.pauseMs();
        }
        assertThat(attempts).isEqualTo(3); // at 0, 0.51 and 1.02 s; at 1.53 s less than half a second is left
        assertThat(plan.elapsedMs()).isLessThanOrEqualTo(2000);
    }

    @Test
    void aRemainderTooShortForAHandshakeIsNotTried() {
        var plan = patience(6);
        plan.nextAttempt();
        now += 5000 + Patience.PAUSE_MS + 100; // 400 ms left
        assertThat(plan.nextAttempt()).isEmpty();
    }
}

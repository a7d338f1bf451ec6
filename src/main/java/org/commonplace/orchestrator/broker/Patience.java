package org.commonplace.orchestrator.broker;

import java.time.Duration;
import java.util.Optional;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * The time plan of {@code --wait-for-broker}: how long each attempt may take so that the last one
 * ends by the deadline, not up to a whole attempt after it (a port that accepts TCP and never
 * answers made {@code --wait-for-broker 12} take 16 s). Pure arithmetic over a {@link Ticker}, so it
 * is tested with a clock moved by hand.
 *
 * <p>Without patience (zero) there is exactly one attempt of {@link BrokerCheck#ATTEMPT_TIMEOUT}.
 * With it, attempts of at most that long, each cut to the time left, follow each other a pause
 * apart until the deadline; a remainder too short for an MQTT handshake is not tried.
 */
final class Patience {
    /** Paho needs about 300 ms to send its CONNECT (see MqttProbe): a shorter attempt could never pass. */
    static final long MIN_ATTEMPT_MS = 500;
    static final long PAUSE_MS = 500;

    private final Ticker clock;
    private final long start;
    private final long patienceMs;
    private boolean tried;

    Patience(Ticker clock, Duration patience) {
        this.clock = clock;
        this.start = clock.millis();
        this.patienceMs = patience.toMillis();
    }

    /** {@return how long the next attempt may take, or empty when the time is up} */
    Optional<Duration> nextAttempt() {
        long full = BrokerCheck.ATTEMPT_TIMEOUT.toMillis();
        if (!tried) {
            tried = true;
            return Optional.of(Duration.ofMillis(patienceMs == 0 ? full : Math.min(full, Math.max(patienceMs, MIN_ATTEMPT_MS))));
        }
        long left = leftMs();
        return left < MIN_ATTEMPT_MS ? Optional.empty() : Optional.of(Duration.ofMillis(Math.min(full, left)));
    }

    /** {@return how long to pause after a failed attempt: never past the deadline} */
    long pauseMs() {
        return Math.max(0, Math.min(PAUSE_MS, leftMs()));
    }

    long elapsedMs() {
        return clock.millis() - start;
    }

    private long leftMs() {
        return start + patienceMs - clock.millis();
    }
}

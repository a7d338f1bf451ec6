package org.commonplace.orchestrator.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.probe.MqttProbe;
import org.commonplace.orchestrator.probe.ProbeResult;

/**
 * Checks that the MQTT broker answers before anything that needs it starts: the host is resolved
 * (a name such as {@code localhost} works, unlike the original plan's SocketAddr parse), then an MQTT
 * CONNECT must be answered by a CONNACK — a port that accepts TCP but is not a broker does not pass.
 */
public final class BrokerCheck {
    /** How long one attempt may take. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final long NOTICE_MS = 5000;

    private BrokerCheck() {
    }

    /**
     * Why the broker could not be reached, and what to look at.
     *
     * @param reason a few words ("connection refused", "host 'x' does not resolve")
     * @param hint   what the user should check, as a sentence
     */
    public record Unreachable(String reason, String hint) {
        static Unreachable unresolved(String host) {
            return new Unreachable("host '" + host + "' does not resolve",
                    "Check the host name in mqtt_broker or --mqtt-broker (try: getent hosts " + host + ")");
        }

        static Unreachable noAnswer(String reason) {
            return new Unreachable(reason, "Is mosquitto running? Try: systemctl status mosquitto");
        }
    }

    /** {@return empty when the broker answers one attempt, else why not} */
    public static Optional<Unreachable> problem(BrokerAddress address, Duration timeout) {
        try {
            InetAddress.getAllByName(address.host());
        } catch (UnknownHostException e) {
            return Optional.of(Unreachable.unresolved(address.host()));
        }
        try (var probe = new MqttProbe(address)) {
            ProbeResult result = probe.attempt(timeout);
            return result.ready() ? Optional.empty() : Optional.of(Unreachable.noAnswer(result.reason()));
        }
    }

    /**
     * Tries until the broker answers or {@code patience} has passed (zero: one attempt), saying every
     * few seconds that it still waits. The last attempt is cut to the time left (see {@link Patience}).
     *
     * @return empty when it answered, else why the last attempt failed
     */
    public static Optional<Unreachable> awaitBroker(BrokerAddress address, Duration patience, Consumer<String> say)
            throws InterruptedException {
        var plan = new Patience(Ticker.system(), patience);
        long nextNotice = 0;
        Optional<Unreachable> problem = Optional.empty();
        for (Optional<Duration> attempt = plan.nextAttempt(); attempt.isPresent(); attempt = plan.nextAttempt()) {
            problem = problem(address, attempt.get());
            if (problem.isEmpty()) {
                return problem;
            }
            long pause = plan.pauseMs();
            if (pause == 0) {
                break;
            }
            long elapsed = plan.elapsedMs();
            if (elapsed >= nextNotice) {
                say.accept("waiting for the MQTT broker at " + address + " (" + problem.get().reason() + "), "
                        + elapsed / 1000 + " s so far, up to " + patience.toSeconds() + " s");
                nextNotice = elapsed + NOTICE_MS;
            }
            Thread.sleep(pause);
        }
        return problem;
    }
}

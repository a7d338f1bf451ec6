package org.commonplace.orchestrator.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.BrokerAddress;
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
    private static final long RETRY_MS = 500;
    private static final long NOTICE_MS = 5000;

    private BrokerCheck() {
    }

    /** {@return empty when the broker answers one attempt, else why not, in a few words} */
    public static Optional<String> problem(BrokerAddress address, Duration timeout) {
        try {
            InetAddress.getAllByName(address.host());
        } catch (UnknownHostException e) {
            return Optional.of("host '" + address.host() + "' does not resolve");
        }
        try (var probe = new MqttProbe(address)) {
            ProbeResult result = probe.attempt(timeout);
            return result.ready() ? Optional.empty() : Optional.of(result.reason());
        }
    }

    /**
     * Tries until the broker answers or {@code patience} has passed (zero: one attempt), saying every
     * few seconds that it still waits.
     *
     * @return empty when it answered, else why the last attempt failed
     */
    public static Optional<String> awaitBroker(BrokerAddress address, Duration patience, Consumer<String> say)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        long nextNotice = start;
        while (true) {
            Optional<String> problem = problem(address, ATTEMPT_TIMEOUT);
            long now = System.nanoTime();
            if (problem.isEmpty() || now >= deadline) {
                return problem;
            }
            if (now >= nextNotice) {
                say.accept("waiting for the MQTT broker at " + address + " (" + problem.get() + "), "
                        + (now - start) / 1_000_000_000 + " s so far, up to " + patience.toSeconds() + " s");
                nextNotice = now + NOTICE_MS * 1_000_000;
            }
            Thread.sleep(RETRY_MS);
        }
    }
}

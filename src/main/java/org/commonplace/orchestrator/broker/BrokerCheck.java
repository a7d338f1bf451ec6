package org.commonplace.orchestrator.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.commonplace.orchestrator.config.BrokerAddress;

/**
 * Checks that something accepts connections at the broker's address: the host is resolved (a name
 * such as {@code localhost} works, unlike the original plan's SocketAddr parse) and each of its
 * addresses is tried in turn within the timeout.
 */
public final class BrokerCheck {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private BrokerCheck() {
    }

    /** {@return empty when the broker accepts a connection, else why not, in a few words} */
    public static Optional<String> problem(BrokerAddress address, Duration timeout) {
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(address.host());
        } catch (UnknownHostException e) {
            return Optional.of("host '" + address.host() + "' does not resolve");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no address to try";
        for (InetAddress candidate : candidates) {
            long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(candidate, address.port()), (int) Math.min(leftMs, Integer.MAX_VALUE));
                return Optional.empty();
            } catch (SocketTimeoutException e) {
                last = "no answer from " + candidate.getHostAddress() + " within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                last = e.getMessage() == null ? e.toString() : e.getMessage().toLowerCase(java.util.Locale.ROOT)
                        + " (" + candidate.getHostAddress() + ")";
            }
        }
        return Optional.of(last);
    }
}

package org.commonplace.orchestrator.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/** What the probes share: turning a timeout into milliseconds and an I/O failure into a short reason. */
public final class Attempts {
    private Attempts() {
    }

    /** {@return the timeout in whole milliseconds, at least 1 and at most Integer.MAX_VALUE (socket APIs take an int)} */
    static int millis(Duration timeout) {
        long ms = timeout.isNegative() ? 1 : Math.max(1, timeout.toMillis());
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    /** {@return "connection refused", "no answer within 500 ms", "host 'x' does not resolve", …} */
    public static String reason(IOException e, String host, int timeoutMs) {
        return switch (e) {
            case ConnectException c when mentions(c, "refused") -> "connection refused";
            case ConnectException c when c.getMessage() == null -> "cannot connect";
            case SocketTimeoutException t -> "no answer within " + timeoutMs + " ms";
            case UnknownHostException u -> "host '" + host + "' does not resolve";
            case NoRouteToHostException n -> "no route to host";
            default -> e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
        };
    }

    /** The HTTP client throws a ConnectException without a message and puts the socket's one in its cause. */
    private static boolean mentions(Throwable e, String word) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
                return true;
            }
        }
        return false;
    }
}

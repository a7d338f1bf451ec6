package org.commonplace.orchestrator.paho;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A failed connection in a few words, the same for the readiness probes (TCP, HTTP, MQTT), the
 * fabric and {@code watch}: "connection refused", "no answer within 500 ms", "host 'x' does not resolve".
 */
public final class FailureWords {
    private FailureWords() {
    }

    /** {@return the words for {@code e}, a failure to reach {@code host} within {@code timeoutMs}} */
    public static String of(IOException e, String host, int timeoutMs) {
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

    /**
     * {@return the words for a Paho failure: its cause when that is an I/O failure, else its message}
     */
    public static String of(Throwable cause, String message, String host) {
        if (cause instanceof IOException io) {
            return of(io, host, 0);
        }
        return message == null || message.isBlank() ? "the connection failed" : message;
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

package org.commonplace.orchestrator.mqtt;

import java.io.IOException;
import org.commonplace.orchestrator.probe.Attempts;

/** A failed connection in words, the same words as the readiness checks use. */
final class Reasons {
    private Reasons() {
    }

    static String of(Throwable cause, String message, String host) {
        if (cause instanceof IOException io) {
            return Attempts.reason(io, host, 0);
        }
        return message == null || message.isBlank() ? "the connection failed" : message;
    }
}

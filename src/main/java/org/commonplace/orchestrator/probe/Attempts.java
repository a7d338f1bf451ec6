package org.commonplace.orchestrator.probe;

import java.time.Duration;

/** What the probes share: turning a timeout into milliseconds (the words for a failure are paho.FailureWords'). */
final class Attempts {
    private Attempts() {
    }

    /** {@return the timeout in whole milliseconds, at least 1 and at most Integer.MAX_VALUE (socket APIs take an int)} */
    static int millis(Duration timeout) {
        long ms = timeout.isNegative() ? 1 : Math.max(1, timeout.toMillis());
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }
}

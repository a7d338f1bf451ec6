package org.commonplace.orchestrator.policy;

/**
 * A monotonic time source in milliseconds. The supervisor reads time only through this, so tests
 * advance a fake one by hand instead of sleeping (the habit of Caffeine's {@code Ticker}).
 */
@FunctionalInterface
public interface Ticker {
    /** {@return milliseconds from an arbitrary origin; never goes backwards} */
    long millis();

    /** {@return the system's monotonic clock} */
    static Ticker system() {
        return () -> System.nanoTime() / 1_000_000L;
    }
}

package org.commonplace.orchestrator.probe;

import java.time.Duration;

/**
 * One way to find out whether a process is ready. Implementations are safe to call from any
 * thread, one attempt at a time; {@link Probes#forCheck} makes one per check.
 */
public interface Probe extends AutoCloseable {
    /**
     * Tries once.
     *
     * <p>Blocks the calling thread for at most about {@code timeout} (a little more while a timed-out
     * attempt is cleaned up) and never throws: every failure, including an interrupt, comes back as
     * a result whose reason fits in a status line ("connection refused", "HTTP 503", "exit code 1").
     * An interrupt is also left set on the thread.
     *
     * @param timeout how long this attempt may take; at least one millisecond is used
     */
    ProbeResult attempt(Duration timeout);

    /** Releases what the probe keeps between attempts (the HTTP client); by default nothing. */
    @Override
    default void close() {
    }
}

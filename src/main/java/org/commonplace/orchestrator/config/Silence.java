package org.commonplace.orchestrator.config;

/**
 * A process's output-silence watchdog ({@code "liveness": {"silence_ms": N}}): a process that has
 * written nothing, on stdout or stderr, for {@code ms} is taken for hung and restarted through its
 * normal stop sequence, as a failed liveness check is. Counted from its start, and from each batch of
 * output the orchestrator reads; a process paused by SIGSTOP is silent too.
 *
 * @param ms how long it may be silent; {@link #OFF} (0): no watchdog
 */
public record Silence(long ms) {
    public static final long OFF = 0;
    private static final Silence NONE = new Silence(OFF);

    public Silence {
        if (ms < 0) {
            throw new IllegalArgumentException("silence_ms must not be negative, got " + ms);
        }
    }

    /** {@return no watchdog} */
    public static Silence none() {
        return NONE;
    }

    /** {@return whether a watchdog runs} */
    public boolean on() {
        return ms != OFF;
    }

    /** {@return "restart after 30000 ms without output"} */
    public String describe() {
        return "restart after " + ms + " ms without output";
    }
}

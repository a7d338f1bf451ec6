package org.commonplace.orchestrator.policy;

import java.util.Optional;
import org.commonplace.orchestrator.config.RestartSpec;

/**
 * The restart bookkeeping of one process under its {@code restart} block: the delay before each
 * restart ({@link Backoff}) and the count that {@code max_restarts} limits (restarts in a row, or
 * those within {@code within_ms} with a {@link RestartWindow}). Made only by {@link #of}, the one
 * place a backoff is made from a spec; a fresh one forgets every earlier restart (a start by hand, a
 * reload with a new restart block).
 *
 * <p>Mutable, owned by the supervisor thread only.
 */
public final class Restarts {
    /** What follows an exit that the policy restarts. */
    public record Next(long delayMs, boolean givesUp, int counted) {
    }

    /** Whether {@link #next} gave up once: the process stays FAILED until a fresh one is made. */
    private boolean exhausted;
    private final RestartSpec spec;
    private final Backoff backoff;
    private final Optional<RestartWindow> window;

    private Restarts(RestartSpec spec) {
        this.spec = spec;
        this.backoff = new Backoff(spec.backoffMs(), spec.maxBackoffMs());
        this.window = spec.windowed() ? Optional.of(new RestartWindow(spec.maxRestarts(), spec.withinMs())) : Optional.empty();
    }

    /** {@return fresh bookkeeping for a process with this restart block} */
    public static Restarts of(RestartSpec spec) {
        return new Restarts(spec);
    }

    /**
     * Counts a restart the policy asks for at {@code nowMs}, after a run of {@code ranMs}; {@return the
     * delay before it, and whether {@code max_restarts} gives up instead}
     */
    public Next next(long nowMs, long ranMs) {
        long delay = backoff.nextDelay(ranMs);
        int counted = window.map(w -> w.add(nowMs)).orElseGet(backoff::attempt);
        boolean givesUp = RestartDecision.givesUp(spec, counted);
        exhausted |= givesUp;
        return new Next(delay, givesUp, counted);
    }

    /** {@return whether a restart was given up on: max_restarts was passed (a fresh one forgets it)} */
    public boolean exhausted() {
        return exhausted;
    }

    /** {@return how many restarts in a row the backoff has counted (1 for the first)} */
    public int attempt() {
        return backoff.attempt();
    }

    /**
     * {@return the restarts {@code max_restarts} is measured against at {@code nowMs}}: those within
     * {@code within_ms}, or without it those in a row (forgotten after a stable run)
     */
    public int counted(long nowMs) {
        return window.map(w -> w.count(nowMs)).orElseGet(backoff::attempt);
    }
}

package org.commonplace.orchestrator.supervise;

/**
 * What a stop request means, given those before it. The first stops everything gracefully; the same
 * signal again within {@link #SAME_REQUEST_MS} is the same request, not a second one: GNU
 * {@code timeout} sends its SIGTERM to the pid and then to the process group, so the orchestrator gets
 * two SIGTERMs microseconds apart, and a systemd or shell wrapper may do likewise. Only a later one
 * (a person's second Ctrl+C), another signal, or a forced request escalates to killing everything.
 * Touched by the supervisor thread only.
 */
final class StopRequests {
    /** How long a repeat of the first stop signal counts as the same request. */
    static final long SAME_REQUEST_MS = 1000;

    enum Meaning {
        /** Stop gracefully, dependents first. */
        STOP,
        /** A repeat of the request being served: nothing new to do. */
        REPEAT,
        /** Kill every process group now. */
        KILL,
        /** Everything is being killed already. */
        NOTHING_MORE
    }

    private String first;
    private long firstAtMs;
    private boolean killing;

    /**
     * @param reason what asked, such as "received SIGTERM"; equal reasons are the same signal
     * @param force  kill at once, whatever came before
     */
    Meaning take(String reason, boolean force, long nowMs) {
        if (killing) {
            return Meaning.NOTHING_MORE;
        }
        if (first == null && !force) {
            first = reason;
            firstAtMs = nowMs;
            return Meaning.STOP;
        }
        if (!force && reason.equals(first) && nowMs - firstAtMs < SAME_REQUEST_MS) {
            return Meaning.REPEAT;
        }
        killing = true;
        return Meaning.KILL;
    }
}

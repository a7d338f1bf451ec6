package org.commonplace.orchestrator.probe;

/**
 * The outcome of one attempt.
 *
 * @param ready  whether the check passed
 * @param reason why not, in a few words for a status line ("connection refused", "HTTP 503");
 *               "ready" when it passed
 */
public record ProbeResult(boolean ready, String reason) {
    private static final ProbeResult OK = new ProbeResult(true, "ready");

    public static ProbeResult ok() {
        return OK;
    }

    public static ProbeResult failed(String reason) {
        return new ProbeResult(false, reason);
    }
}

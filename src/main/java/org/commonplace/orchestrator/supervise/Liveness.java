package org.commonplace.orchestrator.supervise;

/**
 * The liveness check of one run of one process, as the supervisor tracks it: which attempt is
 * running, how many failed in a row, and the timer of the next step. Touched by the supervisor
 * thread only.
 */
final class Liveness {
    final LivenessChecker.Check check;
    /** The number of the latest attempt (1 for the first); results of other attempts are stale. */
    int attempt;
    /** Whether the latest attempt has not ended yet (never two at once). */
    boolean inFlight;
    /** Whether the latest attempt was already counted as failed because it did not answer in time. */
    boolean timedOut;
    /** Failed attempts in a row; 0 after a pass. */
    int failures;
    /** Why the latest attempt failed, "" before any failure. */
    String lastFailure = "";
    /** The next attempt, or the latest one's timeout. */
    Scheduler.Cancellable timer;

    Liveness(LivenessChecker.Check check) {
        this.check = check;
    }

    /** {@return "ok", "failing 2", or "unknown" before the first result} */
    String health() {
        if (failures > 0) {
            return "failing " + failures;
        }
        return attempt == 0 || (attempt == 1 && inFlight) ? "unknown" : "ok";
    }

    void close() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        check.close();
    }
}

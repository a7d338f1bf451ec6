package org.commonplace.orchestrator.supervise;

/**
 * Tries running processes' liveness checks (tcp, http, exec, mqtt), one attempt at a time, off the
 * loop thread. The supervisor decides when to try and what the results mean; this only tries.
 */
public interface LivenessChecker {
    /** What one attempt reports, once, from any thread. */
    interface Result {
        void done(boolean passed, String reason);
    }

    /** The check of one run of one process, made once it is ready and closed when it leaves RUNNING. */
    interface Check {
        /**
         * Starts one attempt and returns at once. {@code result} is called once, from any thread, when
         * it ends; an attempt should end within about {@code timeoutMs}, and the supervisor counts one
         * that does not as failed (without starting another until it has ended).
         */
        void attempt(long timeoutMs, Result result);

        /** Releases what the check keeps between attempts; a result of an attempt still running is ignored. */
        void close();
    }

    /** {@return the check of {@code process}'s liveness block, which it must have} */
    Check open(ManagedProcess process);

    /** A checker whose every attempt passes at once; for tests and runs without liveness checks. */
    static LivenessChecker passing() {
        return process -> new Check() {
            @Override
            public void attempt(long timeoutMs, Result result) {
                result.done(true, "ok");
            }

            @Override
            public void close() {
            }
        };
    }
}

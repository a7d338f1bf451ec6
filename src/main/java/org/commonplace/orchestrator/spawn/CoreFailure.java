package org.commonplace.orchestrator.spawn;

/**
 * Hears that a core thread of ours — the I/O loop, the orphan reaper — was ended by an error (an
 * {@code OutOfMemoryError} included). A supervisor half alive is worse than one that is gone: the
 * listener stops everything and makes the orchestrator exit non-zero, so its service manager starts
 * it again. Called on the failed thread; must not block.
 */
@FunctionalInterface
public interface CoreFailure {
    /**
     * @param what         the thread, as the user should read it ("the I/O loop")
     * @param cause        what ended it
     * @param stillServing whether the thread carries on (in a reduced way) so that a stop can see the
     *                     children exit; false when it has ended for good
     */
    void failed(String what, Throwable cause, boolean stillServing);

    /** Nobody listens (tests, before the supervisor is wired). */
    CoreFailure NONE = (what, cause, stillServing) -> { };
}

package org.commonplace.orchestrator.supervise;

/**
 * Watches a started process's probe-based ready check (tcp, http, exec, mqtt) until it passes. A
 * {@code log} check is not watched here: the output pump matches it line by line.
 */
public interface ReadinessWatcher {
    /** A watch in progress. */
    interface Watch {
        /** Stops trying; {@code onReady} will not be called after this returns, or soon after. */
        void cancel();

        /** {@return why the last attempt failed, such as "connection refused"; empty before any} */
        String lastFailure();
    }

    /**
     * Starts trying the process's check every interval, off the calling thread.
     *
     * @param onReady called once, from any thread, when an attempt passes
     */
    Watch watch(ManagedProcess process, Runnable onReady);

    /** A watcher for processes that have no probe-based check; for tests and runs without checks. */
    static ReadinessWatcher none() {
        return (process, onReady) -> new Watch() {
            @Override
            public void cancel() {
            }

            @Override
            public String lastFailure() {
                return "";
            }
        };
    }
}

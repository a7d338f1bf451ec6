package org.commonplace.orchestrator.spawn;

/** Starts programs. The supervisor's only way to create processes, so tests can substitute it. */
public interface Launcher extends AutoCloseable {
    /**
     * Starts the program. Must be called from a thread that lives as long as the orchestrator: on
     * Linux the child's parent-death signal is tied to the thread that started it.
     *
     * @throws LaunchException when it cannot be started (not found, not executable, bad cwd)
     */
    Child launch(LaunchSpec spec) throws LaunchException;

    /**
     * Starts several programs, side by side where the launcher can (each start waits until its child
     * has exec'd, and 2,000 of them one after the other took seconds). By default one after the other.
     * Call it from the same long-lived thread as {@link #launch}.
     *
     * @return one result per spec, in the order of {@code specs}
     */
    default java.util.List<Launched> launchAll(java.util.List<LaunchSpec> specs) {
        var results = new java.util.ArrayList<Launched>(specs.size());
        for (LaunchSpec spec : specs) {
            try {
                results.add(new Launched(launch(spec), null));
            } catch (LaunchException e) {
                results.add(new Launched(null, e));
            }
        }
        return results;
    }

    /**
     * {@return whether the launcher's I/O thread, if it has one, turned since the last call} and
     * makes it turn again before the next: the watchdog's proof that it still serves every child. By
     * default (no such thread) true.
     */
    default boolean ioLoopTurned() {
        return true;
    }

    /** Sets who hears that the launcher's I/O thread, if it has one, was ended by an error. By default nothing. */
    default void onCoreFailure(CoreFailure listener) {
    }

    /** Releases what the launcher keeps running; call when every child is gone. By default nothing. */
    @Override
    default void close() {
    }
}

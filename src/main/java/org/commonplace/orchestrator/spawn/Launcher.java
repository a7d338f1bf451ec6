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

    /** Releases what the launcher keeps running; call when every child is gone. By default nothing. */
    @Override
    default void close() {
    }
}

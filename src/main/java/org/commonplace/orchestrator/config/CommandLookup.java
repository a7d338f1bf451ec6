package org.commonplace.orchestrator.config;

import java.util.Optional;

/**
 * Whether a process's program can be started from here: the seam through which {@code check} looks
 * commands up on the PATH and the file system without this package doing so (it reads nothing but
 * the config). {@code run} passes {@link #NONE}: a program that cannot be started is a failed start
 * there, logged and retried.
 */
@FunctionalInterface
public interface CommandLookup {
    /** Looks nothing up. */
    CommandLookup NONE = spec -> Optional.empty();

    /**
     * {@return why the program of {@code spec} cannot be started now ("command 'x' not found on
     * PATH"), or empty when it can}
     */
    Optional<String> problem(ProcessSpec spec);
}

package org.commonplace.orchestrator.config;

import java.util.List;

/**
 * A process's {@code on_failure} hook: a program run when the process exits unexpectedly or is given
 * up (to page someone, to post to a chat), in the orchestrator's custody as a probe is, killed with its
 * process group after {@code timeoutMs}.
 *
 * @param command   the program and its arguments (looked up on the PATH); empty: no hook
 * @param timeoutMs how long it may run before it is killed
 */
public record OnFailure(List<String> command, long timeoutMs) {
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final OnFailure NONE = new OnFailure(List.of(), DEFAULT_TIMEOUT_MS);

    public OnFailure {
        command = List.copyOf(command);
    }

    /** {@return no hook} */
    public static OnFailure none() {
        return NONE;
    }

    /** {@return whether there is a program to run} */
    public boolean isSet() {
        return !command.isEmpty();
    }
}

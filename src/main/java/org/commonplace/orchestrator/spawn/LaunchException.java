package org.commonplace.orchestrator.spawn;

/** A program could not be started; the message is one line a user can act on. */
public final class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }
}

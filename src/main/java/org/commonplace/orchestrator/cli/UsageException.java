package org.commonplace.orchestrator.cli;

/** A mistake on the command line; its message is the one line shown to the user. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

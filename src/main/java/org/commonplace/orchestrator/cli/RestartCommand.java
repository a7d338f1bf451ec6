package org.commonplace.orchestrator.cli;

/** {@code restart NAME...} on a running orchestrator. */
final class RestartCommand extends SteerCommand {
    RestartCommand() {
        super("restart", "Stop processes (when running) and start them again, their backoff reset; waits until each runs again.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name.");
    }
}

package org.commonplace.orchestrator.cli;

/** {@code start NAME...} on a running orchestrator. */
final class StartCommand extends SteerCommand {
    StartCommand() {
        super("start", "Start stopped processes (their stopped dependencies first) and wait until each runs and is ready, or has failed.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name.");
    }
}

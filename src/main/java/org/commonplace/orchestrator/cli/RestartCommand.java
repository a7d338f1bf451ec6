package org.commonplace.orchestrator.cli;

import picocli.CommandLine.Command;

/** {@code restart NAME...} on a running orchestrator. */
@Command(name = "restart", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Stop processes (when running) and start them again, their backoff reset; waits until each runs again.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name."})
final class RestartCommand extends SteerCommand {
    @Override
    String verb() {
        return "restart";
    }
}

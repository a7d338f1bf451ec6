package org.commonplace.orchestrator.cli;

import picocli.CommandLine.Command;

/** {@code start NAME...} on a running orchestrator. */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Start stopped processes (their stopped dependencies first) and wait until each runs and is ready, or has failed.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name."})
final class StartCommand extends SteerCommand {
    @Override
    String verb() {
        return "start";
    }
}

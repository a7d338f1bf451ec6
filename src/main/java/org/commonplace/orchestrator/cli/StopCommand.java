package org.commonplace.orchestrator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stop NAME...} on a running orchestrator. */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Stop processes by hand: they stay stopped (no restart) until started, and the orchestrator keeps running. "
                + "Warns about running processes that depend on them; --with-dependents stops those first.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name."})
final class StopCommand extends SteerCommand {
    @Option(names = "--with-dependents", description = "Stop what depends on them first (dependents first, as at shutdown).")
    boolean withDependents;

    @Override
    boolean withDependents() {
        return withDependents;
    }

    @Override
    String verb() {
        return "stop";
    }
}

package org.commonplace.orchestrator.cli;

import picocli.CommandLine.Model.OptionSpec;

/** {@code stop NAME...} on a running orchestrator. */
final class StopCommand extends SteerCommand {
    private final OptionSpec withDependents =
            flag("Stop what depends on them first (dependents first, as at shutdown).", "--with-dependents");

    StopCommand() {
        super("stop", "Stop processes by hand: they stay stopped (no restart) until started, and the orchestrator keeps running. "
                        + "Warns about running processes that depend on them; --with-dependents stops those first.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name.");
    }

    @Override
    boolean withDependents() {
        return isSet(withDependents);
    }
}

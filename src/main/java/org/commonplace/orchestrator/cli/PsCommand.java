package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.control.CrashClient;
import org.commonplace.orchestrator.model.ExitCodes;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code ps} (alias {@code status}): the state of every process of a running orchestrator. */
final class PsCommand extends ControlCommand {
    private final PositionalParamSpec name = word("0", "NAME", "0..1", String.class, "One process: its row and its last crash.");
    private final OptionSpec json = flag("Print a JSON array with one object per process (docs/control.md).", "--json");

    PsCommand() {
        super("ps", "Show every process of the running orchestrator: NAME, STATE, PID, UPTIME, RESTARTS, LAST EXIT, "
                        + "NEXT (restart), RSS and CPU%% of its process group.",
                "With NAME: that process's row, then its last crash (how it ended, when, and its last 50 lines).",
                "Exits 1 when no orchestrator runs for the config, 2 for an unknown process name.");
        spec().aliases("status");
    }

    @Override
    public Integer call() {
        Path socket = socketOrSay();
        if (socket == null) {
            return ExitCodes.FAILURE;
        }
        String process = name.getValue();
        return process == null ? ClientCommands.ps(socket, isSet(json), System.out, System.err)
                : CrashClient.ps(socket, process, isSet(json), System.out, System.err);
    }
}

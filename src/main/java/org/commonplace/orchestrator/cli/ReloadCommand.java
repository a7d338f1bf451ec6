package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.model.ExitCodes;

/** {@code reload}: the running orchestrator re-reads its config and applies the difference. */
final class ReloadCommand extends ControlCommand {
    ReloadCommand() {
        super("reload", "Make the running orchestrator re-read its config (with the options it was started with) and "
                        + "apply the difference: start added processes, stop removed ones, restart changed ones, keep the rest "
                        + "running with their pids. A config with errors changes nothing.",
                "Exits 0 when applied, 1 when no orchestrator runs, 2 when the config has errors (they are printed as check does).");
    }

    @Override
    public Integer call() {
        Path socket = socketOrSay();
        return socket == null ? ExitCodes.FAILURE : ClientCommands.reload(socket, System.out, System.err);
    }
}

package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.model.ExitCodes;

/** {@code shutdown}: stop the running orchestrator as SIGTERM would, and wait until it has exited. */
final class ShutdownCommand extends ControlCommand {
    ShutdownCommand() {
        super("shutdown", "Stop every process, dependents first, as SIGTERM to the orchestrator does, and wait until the "
                + "orchestrator has exited.", "Exits 0 once it has exited, 1 when none runs.");
    }

    @Override
    public Integer call() {
        Path socket = socketOrSay();
        return socket == null ? ExitCodes.FAILURE : ClientCommands.shutdown(socket, System.out, System.err);
    }
}

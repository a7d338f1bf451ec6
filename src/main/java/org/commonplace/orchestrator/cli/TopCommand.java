package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import org.commonplace.orchestrator.model.ExitCodes;

/**
 * {@code top}: the live full-screen view. Only names {@code top.Top}, so the terminal library is
 * loaded by this command alone, never on the path of {@code run}.
 */
final class TopCommand extends ControlCommand {
    TopCommand() {
        super("top", "A live full-screen view of a running orchestrator: its processes (state, pid, uptime, "
                + "restarts, last exit, next restart, RSS, CPU%%) above the output of the selected process or of all.",
                "Keys: up/down or j/k select; Enter or l show the selected process's output, a all; r restart, "
                + "s stop, S start the selected process; / filter by name; q or Ctrl+C quit.",
                "Exits 0 on q, 1 when no orchestrator runs or it goes away, 2 when not run in a terminal.");
    }

    @Override
    public Integer call() {
        Path socket = socketOrSay();
        if (socket == null) {
            return ExitCodes.FAILURE;
        }
        return org.commonplace.orchestrator.top.Top.run(socket, client.named(), System.err);
    }
}

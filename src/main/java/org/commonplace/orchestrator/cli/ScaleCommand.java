package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.model.ExitCodes;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code scale NAME COUNT} on a running orchestrator. */
final class ScaleCommand extends ControlCommand {
    private final PositionalParamSpec name =
            word("0", "NAME", "1", String.class, "The process, as the config names it (web, not web.1).");
    private final PositionalParamSpec count = word("1", "COUNT", "1", int.class, "How many replicas to run, 1 or more.");

    ScaleCommand() {
        super("scale", "Run COUNT replicas of a process that has \"replicas\" in the config: new ones (NAME.K) are started,"
                        + " the highest above COUNT stopped. A reload sets the count back to the config's.",
                "Exits 0 when done, 1 when no orchestrator runs or it refused, 2 for an unknown process name.");
    }

    @Override
    public Integer call() {
        Path socket = socketOrSay();
        return socket == null ? ExitCodes.FAILURE
                : ClientCommands.scale(socket, name.getValue(), (int) count.getValue(), System.out, System.err);
    }
}

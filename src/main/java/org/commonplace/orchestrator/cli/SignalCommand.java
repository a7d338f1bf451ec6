package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.model.ExitCodes;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code signal NAME... SIGNAL}: a signal by name to processes of a running orchestrator. */
final class SignalCommand extends ControlCommand {
    private final PositionalParamSpec words = words("NAME... SIGNAL", "2..*", "The processes, then the signal.");
    private final OptionSpec main = flag("Only the main process, not the rest of its process group.", "--main");

    SignalCommand() {
        super("signal", "Send a signal to processes: to each one's whole process group (what it started too), or with --main to "
                        + "its main process alone. SIGNAL is a name as kill -l lists them, with or without SIG, in any case (HUP, "
                        + "SIGUSR1, RTMIN+2), or its number.",
                "Exits 0 when sent, 1 when no orchestrator runs or a process has no live child (then nothing is sent), "
                        + "2 for an unknown process or signal name.");
    }

    @Override
    public Integer call() {
        Path socket = socketOrSay();
        if (socket == null) {
            return ExitCodes.FAILURE;
        }
        List<String> given = words(words);
        return ClientCommands.signal(socket, given.subList(0, given.size() - 1), given.getLast(), isSet(main), System.out, System.err);
    }
}

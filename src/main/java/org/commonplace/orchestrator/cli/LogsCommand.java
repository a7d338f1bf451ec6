package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.control.CrashClient;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.output.Terminal;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code logs [NAME...] [-n LINES] [-f]}: recent output, from the orchestrator's memory. */
final class LogsCommand extends ControlCommand {
    private final PositionalParamSpec names = words("NAME", "0..*", "The processes (default: all).");
    private final OptionSpec lines = option(OptionSpec.builder("-n", "--lines").paramLabel("LINES").type(int.class)
            .defaultValue("50").description("How many of the last lines to print (default: ${DEFAULT-VALUE})."));
    private final OptionSpec follow = flag("Then print new lines as they come, until Ctrl+C.", "-f", "--follow");
    private final OptionSpec lastCrash = flag("Print the named process's last crash instead: how it ended, when, "
            + "and the last 50 lines it wrote before.", "--last-crash");

    LogsCommand() {
        super("logs", "Print the recent output of processes (default: all, and the orchestrator's own lines), "
                        + "merged in arrival order with the [name] prefix. The orchestrator keeps the last 1000 lines "
                        + "(at most 256 KiB) of each process in memory.",
                "Control characters in the output are escaped (\\e, \\x07); on a terminal a carriage return is kept and "
                        + "followed by the [name] prefix again.",
                "Exits 1 when no orchestrator runs or it goes away (with -f), 2 for an unknown process name.");
    }

    @Override
    public Integer call() {
        List<String> processes = words(names);
        int count = lines.getValue();
        if (isSet(lastCrash) && (processes.size() != 1 || isSet(follow))) {
            throw new UsageException("--last-crash needs exactly one process name, and no -f");
        }
        if (count < 0) {
            throw new UsageException("-n " + count + ": must be 0 or more lines");
        }
        Path socket = socketOrSay();
        if (socket != null && isSet(lastCrash)) {
            return CrashClient.lastCrash(socket, processes.getFirst(), Terminal.isTerminal(1), System.out, System.err);
        }
        return socket == null ? ExitCodes.FAILURE : ClientCommands.logs(socket, processes, count, isSet(follow),
                Terminal.isTerminal(1), System.out, System.err);
    }
}

package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.control.CrashClient;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs [NAME...] [-n LINES] [-f]}: recent output, from the orchestrator's memory. */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the recent output of processes (default: all, and the orchestrator's own lines), "
                + "merged in arrival order with the [name] prefix. The orchestrator keeps the last 1000 lines "
                + "(at most 256 KiB) of each process in memory.",
                "Control characters in the output are escaped (\\e, \\x07); on a terminal a carriage return is kept and "
                        + "followed by the [name] prefix again.",
                "Exits 1 when no orchestrator runs or it goes away (with -f), 2 for an unknown process name."})
final class LogsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "The processes (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = {"-n", "--lines"}, paramLabel = "LINES", defaultValue = "50",
            description = "How many of the last lines to print (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Then print new lines as they come, until Ctrl+C.")
    boolean follow;

    @Option(names = "--last-crash", description = "Print the named process's last crash instead: how it ended, when, "
            + "and the last 50 lines it wrote before.")
    boolean lastCrash;

    @Override
    public Integer call() {
        if (lastCrash && (names.size() != 1 || follow)) {
            throw new UsageException("--last-crash needs exactly one process name, and no -f");
        }
        if (lines < 0) {
            throw new UsageException("-n " + lines + ": must be 0 or more lines");
        }
        Path socket = client.socketOrSay(System.err);
        if (socket != null && lastCrash) {
            return CrashClient.lastCrash(socket, names.getFirst(), Terminal.isTerminal(1), System.out, System.err);
        }
        return socket == null ? ExitCodes.FAILURE : ClientCommands.logs(socket, names, lines, follow,
                Terminal.isTerminal(1), System.out, System.err);
    }
}

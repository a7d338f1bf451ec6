package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.ClientCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.commonplace.orchestrator.control.CrashClient;
import org.commonplace.orchestrator.model.ExitCodes;

/** {@code ps} (alias {@code status}): the state of every process of a running orchestrator. */
@Command(name = "ps", aliases = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show every process of the running orchestrator: NAME, STATE, PID, UPTIME, RESTARTS, LAST EXIT, "
                + "NEXT (restart), RSS and CPU%% of its process group.",
                "With NAME: that process's row, then its last crash (how it ended, when, and its last 50 lines).",
                "Exits 1 when no orchestrator runs for the config, 2 for an unknown process name."})
final class PsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "One process: its row and its last crash.")
    String name;

    @Option(names = "--json", description = "Print a JSON array with one object per process (docs/control.md).")
    boolean json;

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        if (socket == null) {
            return ExitCodes.FAILURE;
        }
        return name == null ? ClientCommands.ps(socket, json, System.out, System.err) : CrashClient.ps(socket, name, json, System.out, System.err);
    }
}

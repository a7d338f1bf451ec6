package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.commonplace.orchestrator.model.ExitCodes;

/** {@code ps} (alias {@code status}): the state of every process of a running orchestrator. */
@Command(name = "ps", aliases = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show every process of the running orchestrator: NAME, STATE, PID, UPTIME, RESTARTS, LAST EXIT, "
                + "NEXT (restart), RSS and CPU%% of its process group.",
                "Exits 1 when no orchestrator runs for the config."})
final class PsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--json", description = "Print a JSON array with one object per process (docs/control.md).")
    boolean json;

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        return socket == null ? ExitCodes.FAILURE : Client.ps(socket, json, System.out, System.err);
    }
}

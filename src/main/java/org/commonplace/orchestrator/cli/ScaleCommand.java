package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.model.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code scale NAME COUNT} on a running orchestrator. */
@Command(name = "scale", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run COUNT replicas of a process that has \"replicas\" in the config: new ones (NAME.K) are started,"
                + " the highest above COUNT stopped. A reload sets the count back to the config's.",
                "Exits 0 when done, 1 when no orchestrator runs or it refused, 2 for an unknown process name."})
final class ScaleCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The process, as the config names it (web, not web.1).")
    String name;

    @Parameters(index = "1", paramLabel = "COUNT", description = "How many replicas to run, 1 or more.")
    int count;

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        return socket == null ? ExitCodes.FAILURE : ClientCommands.scale(socket, name, count, System.out, System.err);
    }
}

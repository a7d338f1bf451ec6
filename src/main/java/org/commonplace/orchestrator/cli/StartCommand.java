package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code start NAME...} on a running orchestrator. */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Start stopped processes (their stopped dependencies first) and wait until each runs and is ready, or has failed.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name."})
final class StartCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The processes.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        return socket == null ? ExitCodes.FAILURE : Client.steer(socket, "start", names, false, System.out, System.err);
    }
}

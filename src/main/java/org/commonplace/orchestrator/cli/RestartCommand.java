package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code restart NAME...} on a running orchestrator. */
@Command(name = "restart", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Stop processes (when running) and start them again, their backoff reset; waits until each runs again.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name."})
final class RestartCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The processes.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        return socket == null ? ExitCodes.FAILURE : Client.steer(socket, "restart", names, false, System.out, System.err);
    }
}

package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.ClientCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.commonplace.orchestrator.model.ExitCodes;

/** {@code shutdown}: stop the running orchestrator as SIGTERM would, and wait until it has exited. */
@Command(name = "shutdown", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Stop every process, dependents first, as SIGTERM to the orchestrator does, and wait until the "
                + "orchestrator has exited.", "Exits 0 once it has exited, 1 when none runs."})
final class ShutdownCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        return socket == null ? ExitCodes.FAILURE : ClientCommands.shutdown(socket, System.out, System.err);
    }
}

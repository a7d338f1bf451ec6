package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stop NAME...} on a running orchestrator. */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Stop processes by hand: they stay stopped (no restart) until started, and the orchestrator keeps running. "
                + "Warns about running processes that depend on them; --with-dependents stops those first.",
                "Exits 0 when done, 1 when no orchestrator runs, 2 for an unknown process name."})
final class StopCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The processes.")
    List<String> names = new ArrayList<>();

    @Option(names = "--with-dependents", description = "Stop what depends on them first (dependents first, as at shutdown).")
    boolean withDependents;

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        return socket == null ? ExitCodes.FAILURE : Client.steer(socket, "stop", names, withDependents, System.out, System.err);
    }
}

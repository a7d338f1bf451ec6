package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.model.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code signal NAME... SIGNAL}: a signal by name to processes of a running orchestrator. */
@Command(name = "signal", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Send a signal to processes: to each one's whole process group (what it started too), or with --main to "
                + "its main process alone. SIGNAL is a name as kill -l lists them, with or without SIG, in any case (HUP, "
                + "SIGUSR1, RTMIN+2), or its number.",
                "Exits 0 when sent, 1 when no orchestrator runs or a process has no live child (then nothing is sent), "
                        + "2 for an unknown process or signal name."})
final class SignalCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(paramLabel = "NAME... SIGNAL", arity = "2..*", description = "The processes, then the signal.")
    List<String> words = new ArrayList<>();

    @Option(names = "--main", description = "Only the main process, not the rest of its process group.")
    boolean main;

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        if (socket == null) {
            return ExitCodes.FAILURE;
        }
        List<String> names = words.subList(0, words.size() - 1);
        return ClientCommands.signal(socket, names, words.getLast(), main, System.out, System.err);
    }
}

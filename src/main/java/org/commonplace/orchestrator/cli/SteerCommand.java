package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.control.ClientCommands;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import org.commonplace.orchestrator.model.ExitCodes;

/**
 * What {@code start}, {@code stop} and {@code restart} share: the orchestrator to reach, the names,
 * and one request through {@link Client#steer}. Each subclass is its picocli command and says only
 * its verb (and, for stop, one option); picocli reads the annotated fields of this class too.
 */
abstract class SteerCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The processes.")
    List<String> names = new ArrayList<>();

    /** {@return the request's command: start, stop or restart} */
    abstract String verb();

    /** {@return whether what depends on the processes is stopped first} */
    boolean withDependents() {
        return false;
    }

    @Override
    public Integer call() {
        Path socket = client.socketOrSay(System.err);
        return socket == null ? ExitCodes.FAILURE : ClientCommands.steer(socket, verb(), names, withDependents(), System.out, System.err);
    }
}

package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import org.commonplace.orchestrator.control.ClientCommands;
import org.commonplace.orchestrator.model.ExitCodes;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What {@code start}, {@code stop} and {@code restart} share: the orchestrator to reach, the names,
 * and one request through {@link ClientCommands#steer}. Each subclass says only its verb and help (and, for
 * stop, one option).
 */
abstract class SteerCommand extends ControlCommand {
    private final PositionalParamSpec names = words("NAME", "1..*", "The processes.");
    private final String verb;

    /** {@code verb} is the request's command: start, stop or restart. */
    SteerCommand(String verb, String... description) {
        super(verb, description);
        this.verb = verb;
    }

    /** {@return whether what depends on the processes is stopped first} */
    boolean withDependents() {
        return false;
    }

    @Override
    public Integer call() {
        Path socket = socketOrSay();
        return socket == null ? ExitCodes.FAILURE
                : ClientCommands.steer(socket, verb, words(names), withDependents(), System.out, System.err);
    }
}

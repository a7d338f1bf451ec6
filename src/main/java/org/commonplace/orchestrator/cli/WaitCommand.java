package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.commonplace.orchestrator.control.WaitClient;
import org.commonplace.orchestrator.model.ExitCodes;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code wait [NAME...] [--timeout S]}: until processes of a running orchestrator are ready, for scripts. */
final class WaitCommand extends ControlCommand {
    private final PositionalParamSpec names = words("NAME", "0..*", "The processes (default: all).");
    private final OptionSpec timeoutSeconds = option("SECONDS", Double.class,
            "Give up after SECONDS (a decimal, such as 0.5) and exit 2; default: wait as long as it takes.", "--timeout");

    WaitCommand() {
        super("wait", "Wait until the processes (default: all) are ready: running and past their ready check, or, a one-shot "
                        + "job, done. Starts nothing.",
                "Exits 0 when they are ready; 1 as soon as one failed for good (gave up, stopped by hand, ended and not "
                        + "restarted, or waits behind a dependency that did), or when no orchestrator runs or it stops; "
                        + "2 at the timeout, or for an unknown process name.");
    }

    @Override
    public Integer call() {
        Optional<Duration> timeout = timeout(timeoutSeconds.getValue());
        Path socket = socketOrSay();
        return socket == null ? ExitCodes.FAILURE : WaitClient.await(socket, words(names), timeout, System.out, System.err);
    }

    /** {@return the timeout as a duration; a usage error when it is not a positive number of seconds} */
    static Optional<Duration> timeout(Double seconds) {
        if (seconds == null) {
            return Optional.empty();
        }
        if (!(seconds > 0) || seconds > 1e9) {
            throw new UsageException("--timeout must be a positive number of seconds, got " + seconds);
        }
        return Optional.of(Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))));
    }
}

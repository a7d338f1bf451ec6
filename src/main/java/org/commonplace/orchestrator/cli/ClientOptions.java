package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.runtime.RuntimeDir;
import picocli.CommandLine.Option;

/** How a client command finds the orchestrator: through its config, as {@code run} was given it, or a socket path. */
final class ClientOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "commonplace.json",
            description = "The config the orchestrator runs (default: ${DEFAULT-VALUE}); it names the control socket.")
    Path config;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The control socket, instead of the one derived from --config (as given to run --socket).")
    Path socket;

    /** {@return the socket, or null after saying why none can be found (then nothing runs for the config)} */
    Path socketOrSay(java.io.PrintStream err) {
        if (socket != null) {
            return socket;
        }
        if (!Files.exists(config)) {
            err.println("not running (there is no config " + config + "; give --config or --socket)");
            return null;
        }
        try {
            return RunFiles.of(config).socket();
        } catch (IOException | RuntimeDir.Unsafe e) {
            err.println("cannot find the control socket of " + config + ": " + e.getMessage());
            return null;
        }
    }
}

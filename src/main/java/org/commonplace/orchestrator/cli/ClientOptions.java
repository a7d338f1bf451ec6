package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.runtime.RuntimeDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** How a client command finds the orchestrator: through its config, as {@code run} was given it, or a socket path. */
final class ClientOptions {
    private final OptionSpec config = OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
            .defaultValue("commonplace.json")
            .description("The config the orchestrator runs (default: ${DEFAULT-VALUE}); it names the control socket.")
            .build();
    private final OptionSpec socket = OptionSpec.builder("--socket").paramLabel("PATH").type(Path.class)
            .description("The control socket, instead of the one derived from --config (as given to run --socket).")
            .build();

    /** Adds {@code --config} and {@code --socket} to {@code spec}. */
    void addTo(CommandSpec spec) {
        spec.addOption(config);
        spec.addOption(socket);
    }

    /** {@return what names the orchestrator as the user gave it: the socket when given, else the config} */
    String named() {
        Path given = socket.getValue();
        return given != null ? given.toString() : String.valueOf((Object) config.getValue());
    }

    /** {@return the socket, or null after saying why none can be found (then nothing runs for the config)} */
    Path socketOrSay(PrintStream err) {
        Path given = socket.getValue();
        if (given != null) {
            return given;
        }
        Path configFile = config.getValue();
        if (!Files.exists(configFile)) {
            err.println("not running (there is no config " + configFile + "; give --config or --socket)");
            return null;
        }
        try {
            return RunFiles.of(configFile).socket();
        } catch (IOException | RuntimeDir.Unsafe e) {
            err.println("cannot find the control socket of " + configFile + ": " + e.getMessage());
            return null;
        }
    }
}

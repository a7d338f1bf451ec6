package org.commonplace.orchestrator.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.commonplace.orchestrator.config.ConfigLoader;
import org.commonplace.orchestrator.config.LoadResult;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.Problem;
import org.commonplace.orchestrator.output.ControlChars;

/** Loads the config and reports its warnings and errors on stderr, all of them, one per line. */
final class ConfigStep {
    private ConfigStep() {
    }

    /** {@return the config, or empty when it has errors (they have been printed)} */
    static Optional<OrchestratorConfig> load(Path file, boolean strict, PrintStream err) {
        return load(file, new ConfigLoader(strict), err);
    }

    /** As {@link #load(Path, boolean, PrintStream)}, with a loader of the caller's choosing. */
    static Optional<OrchestratorConfig> load(Path file, ConfigLoader loader, PrintStream err) {
        LoadResult result = loader.load(file);
        for (Problem problem : result.problems()) {
            err.println(ControlChars.escape(problem.format())); // it quotes the config's values, which may hold any character
        }
        if (result.hasErrors()) {
            int errors = result.errors().size();
            err.println(file + ": " + errors + (errors == 1 ? " error" : " errors") + "; nothing was started");
            return Optional.empty();
        }
        return result.config();
    }
}

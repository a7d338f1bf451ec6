package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import org.commonplace.orchestrator.config.OrchestratorConfig;

/**
 * What a config was read from, for {@code watch_config}: the files whose edit reloads it, and the
 * include globs (relative to its folder) under which a file that appears or goes reloads it too.
 *
 * <p>The one place that says which: today the config file and the {@code .env} beside it (which
 * interpolation reads, as compose does); the loader's own list (included files, env files, include
 * globs) replaces this once the loader gives it.
 *
 * @param files        the files read, absolute or relative to the config's folder
 * @param includeGlobs globs of included files, relative to the config's folder
 */
record ConfigSources(List<Path> files, List<String> includeGlobs) {
    ConfigSources {
        files = List.copyOf(files);
        includeGlobs = List.copyOf(includeGlobs);
    }

    static ConfigSources of(OrchestratorConfig config) {
        Path file = config.source().toAbsolutePath().normalize();
        return new ConfigSources(List.of(file, file.resolveSibling(".env")), List.of());
    }
}

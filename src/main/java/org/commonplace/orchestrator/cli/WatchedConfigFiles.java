package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import org.commonplace.orchestrator.config.OrchestratorConfig;

/**
 * What a config was read from, for {@code watch_config}: the files whose edit reloads it, and the
 * include globs (relative to its folder) under which a file that appears or goes reloads it too.
 *
 * <p>The one place that says which, from the loader's own list ({@link OrchestratorConfig#sources()}:
 * the config, the {@code .env} beside it, the user defaults file, included files, env files, and the
 * include patterns); a config made in memory, which has none, is watched as its file and that
 * {@code .env}.
 *
 * @param files        the files read, absolute or relative to the config's folder
 * @param includeGlobs globs of included files, relative to the config's folder
 */
record WatchedConfigFiles(List<Path> files, List<String> includeGlobs) {
    WatchedConfigFiles {
        files = List.copyOf(files);
        includeGlobs = List.copyOf(includeGlobs);
    }

    static WatchedConfigFiles of(OrchestratorConfig config) {
        Path file = config.source().toAbsolutePath().normalize();
        var read = config.sources();
        if (read.files().isEmpty()) {
            return new WatchedConfigFiles(List.of(file, file.resolveSibling(".env")), List.of());
        }
        // The watcher takes globs relative to the config's folder; a pattern names a folder and a glob below it.
        Path folder = file.getParent();
        List<String> globs = read.includes().stream().map(p -> {
            String below = folder.relativize(p.folder()).toString();
            return below.isEmpty() ? p.glob() : below + "/" + p.glob();
        }).toList();
        return new WatchedConfigFiles(read.files(), globs);
    }
}

package org.commonplace.orchestrator.config;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ConfigLoader#load} found.
 *
 * @param config   the validated config; present exactly when there are no errors
 * @param problems every error and warning, in file order (whole-file problems first)
 * @param sources  every file the load read or looked for and the include patterns, even when
 *                 there are errors: see {@link #sources()}
 */
public record LoadResult(Optional<OrchestratorConfig> config, List<Problem> problems, ConfigSources sources) {

    public LoadResult {
        problems = List.copyOf(problems);
    }

    /** A result without sources (a config built in memory, say). */
    public LoadResult(Optional<OrchestratorConfig> config, List<Problem> problems) {
        this(config, problems, ConfigSources.none());
    }

    /**
     * {@return every file this config was read from, and the include patterns}: the config itself,
     * the {@code .env} beside it (used for {@code ${VAR}}), the user defaults file
     * ({@code $COMMONPLACE_CONFIG} or {@code ~/.commonplace/config.json}), each included file and
     * each env file, absolute, each once; files that were looked for and are absent are listed
     * too, since their appearing changes the config. A file that appears in an include pattern's
     * folder and matches it ({@link ConfigSources.IncludePattern#matches}) changes it as well. Present
     * even when the config has errors, so a watcher can wait for the edit that fixes it.
     */
    @Override
    public ConfigSources sources() {
        return sources;
    }

    /** {@return whether any problem is an error (then {@link #config()} is empty)} */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    /** {@return the errors, in file order} */
    public List<Problem> errors() {
        return only(Problem.Severity.ERROR);
    }

    /** {@return the warnings, in file order} */
    public List<Problem> warnings() {
        return only(Problem.Severity.WARNING);
    }

    private List<Problem> only(Problem.Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).toList();
    }
}

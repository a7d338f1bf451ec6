package org.commonplace.orchestrator.config;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ConfigLoader#load} found.
 *
 * @param config   the validated config; present exactly when there are no errors
 * @param problems every error and warning, in file order (whole-file problems first)
 */
public record LoadResult(Optional<OrchestratorConfig> config, List<Problem> problems) {

    public LoadResult {
        problems = List.copyOf(problems);
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

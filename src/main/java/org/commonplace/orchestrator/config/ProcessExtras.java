package org.commonplace.orchestrator.config;

/**
 * The parts of a {@link ProcessSpec} that later features added, kept in one record so that the spec's
 * constructor does not grow by one argument per feature. Each has a default meaning "not used".
 *
 * @param envSources which of the process's variables came from env files, and from where
 * @param watch the files whose change restarts it (watch); FileWatch.none(): none
 * @param dependencies the depends_on entries written in compose's long syntax (conditions, restart, required, timeout_ms); every name is also in dependsOn
 */
public record ProcessExtras(
        EnvSources envSources,
        FileWatch watch,
        DependencyConditions dependencies) {
    /** Every feature unused. */
    public static final ProcessExtras NONE = new ProcessExtras(EnvSources.none(), FileWatch.none(), DependencyConditions.none());

    public ProcessExtras withEnvSources(EnvSources value) {
        return new ProcessExtras(value, watch, dependencies);
    }

    public ProcessExtras withWatch(FileWatch value) {
        return new ProcessExtras(envSources, value, dependencies);
    }

    public ProcessExtras withDependencies(DependencyConditions value) {
        return new ProcessExtras(envSources, watch, value);
    }
}

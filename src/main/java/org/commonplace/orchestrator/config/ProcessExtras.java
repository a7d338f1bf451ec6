package org.commonplace.orchestrator.config;

/**
 * The parts of a {@link ProcessSpec} that later features added, kept in one record so that the spec's
 * constructor does not grow by one argument per feature. Each has a default meaning "not used".
 *
 * @param envSources which of the process's variables came from env files, and from where
 * @param watch the files whose change restarts it (watch); FileWatch.none(): none
 */
public record ProcessExtras(
        EnvSources envSources,
        FileWatch watch) {
    /** Every feature unused. */
    public static final ProcessExtras NONE = new ProcessExtras(EnvSources.none(), FileWatch.none());

    public ProcessExtras withEnvSources(EnvSources value) {
        return new ProcessExtras(value, watch);
    }

    public ProcessExtras withWatch(FileWatch value) {
        return new ProcessExtras(envSources, value);
    }
}

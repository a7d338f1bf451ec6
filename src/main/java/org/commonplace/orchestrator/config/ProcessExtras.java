package org.commonplace.orchestrator.config;

import java.util.Optional;
import org.commonplace.orchestrator.model.Privileges;

/**
 * The parts of a {@link ProcessSpec} that later features added, kept in one record so that the spec's
 * constructor does not grow by one argument per feature. Each has a default meaning "not used".
 *
 * @param envSources which of the process's variables came from env files, and from where
 * @param watch the files whose change restarts it (watch); FileWatch.none(): none
 * @param dependencies the depends_on entries written in compose's long syntax (conditions, restart, required, timeout_ms); every name is also in dependsOn
 * @param schedule when it runs as a job (schedule); empty means it runs from the start, supervised
 * @param replicas how many copies run (name.1 ... name.N); NOT_REPLICATED (no replicas key): one, under its own name
 * @param privileges the user it runs as and the limits it starts under; Privileges.NONE: as the orchestrator runs
 * @param onFailure what is run when it exits unexpectedly or is given up; OnFailure.none(): nothing
 * @param silence the output-silence watchdog (liveness.silence_ms); Silence.none() without one
 */
public record ProcessExtras(
        EnvSources envSources,
        FileWatch watch,
        DependencyConditions dependencies,
        Optional<ScheduleSpec> schedule,
        int replicas,
        Privileges privileges,
        OnFailure onFailure,
        Silence silence) {
    /** Every feature unused. */
    public static final ProcessExtras NONE = new ProcessExtras(EnvSources.none(), FileWatch.none(), DependencyConditions.none(), Optional.empty(), ProcessSpec.NOT_REPLICATED, Privileges.NONE, OnFailure.none(), Silence.none());

    public ProcessExtras withEnvSources(EnvSources value) {
        return new ProcessExtras(value, watch, dependencies, schedule, replicas, privileges, onFailure, silence);
    }

    public ProcessExtras withWatch(FileWatch value) {
        return new ProcessExtras(envSources, value, dependencies, schedule, replicas, privileges, onFailure, silence);
    }

    public ProcessExtras withDependencies(DependencyConditions value) {
        return new ProcessExtras(envSources, watch, value, schedule, replicas, privileges, onFailure, silence);
    }

    public ProcessExtras withSchedule(Optional<ScheduleSpec> value) {
        return new ProcessExtras(envSources, watch, dependencies, value, replicas, privileges, onFailure, silence);
    }

    public ProcessExtras withReplicas(int value) {
        return new ProcessExtras(envSources, watch, dependencies, schedule, value, privileges, onFailure, silence);
    }

    public ProcessExtras withPrivileges(Privileges value) {
        return new ProcessExtras(envSources, watch, dependencies, schedule, replicas, value, onFailure, silence);
    }

    public ProcessExtras withOnFailure(OnFailure value) {
        return new ProcessExtras(envSources, watch, dependencies, schedule, replicas, privileges, value, silence);
    }

    public ProcessExtras withSilence(Silence value) {
        return new ProcessExtras(envSources, watch, dependencies, schedule, replicas, privileges, onFailure, value);
    }
}

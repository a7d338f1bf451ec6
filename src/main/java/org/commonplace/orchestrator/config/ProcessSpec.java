package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.model.Privileges;

/**
 * One validated entry of {@code processes}. Immutable; defaults are already applied.
 *
 * @param name          the key in {@code processes}: {@code [A-Za-z0-9_][A-Za-z0-9._-]*}, at most 64
 *                      characters, not {@code orchestrator}
 * @param command       the program, found on PATH unless it contains a '/'
 * @param args          its arguments, as written
 * @param dependsOn     names of processes that must be ready before this one starts
 * @param restart       the restart block
 * @param cwd           the working directory, already resolved against the config file's folder
 * @param env           variables added to (or replacing) the inherited environment
 * @param stopSignal    what the process is asked to stop with
 * @param stopTimeoutMs how long it may take to stop before its process group is killed
 * @param mqttBrokerArg whether {@code --mqtt-broker ADDR} is appended; empty means "by the name rule"
 * @param ready         how to tell that it is ready; empty means "ready as soon as it has started"
 * @param liveness      how to tell, once it is ready, that it still works; empty means "alive while it runs"
 * @param maxMemoryMb   the most resident memory its process group may use, in MiB; 0 means no limit
 * @param extras        what the later features add (env files' sources, dependency conditions, file
 *                      watch, privileges, ...), each with a default that means "not used"; read through
 *                      the accessors below, changed through the {@code with...} methods
 */
public record ProcessSpec(
        String name,
        String command,
        List<String> args,
        List<String> dependsOn,
        RestartSpec restart,
        Path cwd,
        Map<String, String> env,
        StopSignal stopSignal,
        long stopTimeoutMs,
        Optional<Boolean> mqttBrokerArg,
        Optional<ReadySpec> ready,
        Optional<LivenessSpec> liveness,
        long maxMemoryMb,
        ProcessExtras extras) {

    public static final long DEFAULT_STOP_TIMEOUT_MS = 5000;
    /** No {@code replicas} key: one process under its own name, which {@code scale} does not change. */
    public static final int NOT_REPLICATED = 0;
    /** The most replicas of one process, in the config and by {@code scale}. */
    public static final int MAX_REPLICAS = 1000;
    /** No {@code max_memory_mb}. */
    public static final long NO_MEMORY_LIMIT = 0;

    /** A process without a liveness check or a memory limit. */
    public ProcessSpec(String name, String command, List<String> args, List<String> dependsOn, RestartSpec restart,
                       Path cwd, Map<String, String> env, StopSignal stopSignal, long stopTimeoutMs,
                       Optional<Boolean> mqttBrokerArg, Optional<ReadySpec> ready) {
        this(name, command, args, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs, mqttBrokerArg, ready,
                Optional.empty(), NO_MEMORY_LIMIT);
    }

    /** A process that uses none of the features of {@link ProcessExtras}. */
    public ProcessSpec(String name, String command, List<String> args, List<String> dependsOn, RestartSpec restart,
                       Path cwd, Map<String, String> env, StopSignal stopSignal, long stopTimeoutMs,
                       Optional<Boolean> mqttBrokerArg, Optional<ReadySpec> ready, Optional<LivenessSpec> liveness,
                       long maxMemoryMb) {
        this(name, command, args, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs, mqttBrokerArg, ready,
                liveness, maxMemoryMb, ProcessExtras.NONE);
    }

    public ProcessSpec {
        args = List.copyOf(args);
        dependsOn = List.copyOf(dependsOn);
        env = Map.copyOf(env);
    }

    /** {@return this spec with more arguments appended (from {@code --extra-args})} */
    public ProcessSpec withExtraArgs(List<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        var all = new java.util.ArrayList<>(args);
        all.addAll(extra);
        return new ProcessSpec(name, command, all, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs,
                mqttBrokerArg, ready, liveness, maxMemoryMb, extras);
    }

    /** {@return this spec with another readiness check (the broker process's implicit one)} */
    public ProcessSpec withReady(ReadySpec check) {
        return new ProcessSpec(name, command, args, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs,
                mqttBrokerArg, Optional.of(check), liveness, maxMemoryMb, extras);
    }

    /** {@return this spec with another env (its env files' variables merged in), and where they came from} */
    public ProcessSpec withEnv(Map<String, String> merged, EnvSources sources) {
        return new ProcessSpec(name, command, args, dependsOn, restart, cwd, merged, stopSignal, stopTimeoutMs,
                mqttBrokerArg, ready, liveness, maxMemoryMb, extras.withEnvSources(sources));
    }

    /** {@return this spec with more arguments appended at config time ({@code database}'s --database)} */
    public ProcessSpec withArgs(List<String> all) {
        return new ProcessSpec(name, command, all, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs,
                mqttBrokerArg, ready, liveness, maxMemoryMb, extras);
    }

    /** {@return this spec with other extras} */
    public ProcessSpec withExtras(ProcessExtras other) {
        return new ProcessSpec(name, command, args, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs,
                mqttBrokerArg, ready, liveness, maxMemoryMb, other);
    }

    // --- the extras: accessors and withers (written by the merge tool) ---
    /** {@return which of the process's variables came from env files, and from where} */
    public EnvSources envSources() {
        return extras.envSources();
    }

    /** {@return this spec with another envSources} */
    public ProcessSpec withEnvSources(EnvSources value) {
        return withExtras(extras.withEnvSources(value));
    }

    /** {@return the files whose change restarts it (watch); FileWatch.none(): none} */
    public FileWatch watch() {
        return extras.watch();
    }

    /** {@return this spec with another watch} */
    public ProcessSpec withWatch(FileWatch value) {
        return withExtras(extras.withWatch(value));
    }

    /** {@return the depends_on entries written in compose's long syntax (conditions, restart, required, timeout_ms); every name is also in dependsOn} */
    public DependencyConditions dependencies() {
        return extras.dependencies();
    }

    /** {@return this spec with another dependencies} */
    public ProcessSpec withDependencies(DependencyConditions value) {
        return withExtras(extras.withDependencies(value));
    }

    /** {@return when it runs as a job (schedule); empty means it runs from the start, supervised} */
    public Optional<ScheduleSpec> schedule() {
        return extras.schedule();
    }

    /** {@return this spec with another schedule} */
    public ProcessSpec withSchedule(Optional<ScheduleSpec> value) {
        return withExtras(extras.withSchedule(value));
    }

    /** {@return how many copies run (name.1 ... name.N); NOT_REPLICATED (no replicas key): one, under its own name} */
    public int replicas() {
        return extras.replicas();
    }

    /** {@return this spec with another replicas} */
    public ProcessSpec withReplicas(int value) {
        return withExtras(extras.withReplicas(value));
    }

    /** {@return the user it runs as and the limits it starts under; Privileges.NONE: as the orchestrator runs} */
    public Privileges privileges() {
        return extras.privileges();
    }

    /** {@return this spec with another privileges} */
    public ProcessSpec withPrivileges(Privileges value) {
        return withExtras(extras.withPrivileges(value));
    }

    /** {@return what is run when it exits unexpectedly or is given up; OnFailure.none(): nothing} */
    public OnFailure onFailure() {
        return extras.onFailure();
    }

    /** {@return this spec with another onFailure} */
    public ProcessSpec withOnFailure(OnFailure value) {
        return withExtras(extras.withOnFailure(value));
    }

    /** {@return the output-silence watchdog (liveness.silence_ms); Silence.none() without one} */
    public Silence silence() {
        return extras.silence();
    }

    /** {@return this spec with another silence} */
    public ProcessSpec withSilence(Silence value) {
        return withExtras(extras.withSilence(value));
    }

    // --- end of the extras ---
}

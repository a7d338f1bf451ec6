package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param silence       the output-silence watchdog ({@code liveness.silence_ms}); {@link Silence#none()} without one
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
        Silence silence) {

    public static final long DEFAULT_STOP_TIMEOUT_MS = 5000;
    /** No {@code max_memory_mb}. */
    public static final long NO_MEMORY_LIMIT = 0;

    /** A process without a liveness check or a memory limit. */
    public ProcessSpec(String name, String command, List<String> args, List<String> dependsOn, RestartSpec restart,
                       Path cwd, Map<String, String> env, StopSignal stopSignal, long stopTimeoutMs,
                       Optional<Boolean> mqttBrokerArg, Optional<ReadySpec> ready) {
        this(name, command, args, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs, mqttBrokerArg, ready,
                Optional.empty(), NO_MEMORY_LIMIT);
    }

    /** A process without an output-silence watchdog. */
    public ProcessSpec(String name, String command, List<String> args, List<String> dependsOn, RestartSpec restart,
                       Path cwd, Map<String, String> env, StopSignal stopSignal, long stopTimeoutMs,
                       Optional<Boolean> mqttBrokerArg, Optional<ReadySpec> ready, Optional<LivenessSpec> liveness,
                       long maxMemoryMb) {
        this(name, command, args, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs, mqttBrokerArg, ready, liveness,
                maxMemoryMb, Silence.none());
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
                mqttBrokerArg, ready, liveness, maxMemoryMb, silence);
    }

    /** {@return this spec with another readiness check (the broker process's implicit one)} */
    public ProcessSpec withReady(ReadySpec check) {
        return new ProcessSpec(name, command, args, dependsOn, restart, cwd, env, stopSignal, stopTimeoutMs,
                mqttBrokerArg, Optional.of(check), liveness, maxMemoryMb, silence);
    }
}

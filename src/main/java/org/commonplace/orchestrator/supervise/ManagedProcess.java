package org.commonplace.orchestrator.supervise;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.LivenessSpec;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.Silence;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.spawn.LaunchSpec;

/**
 * One process as the supervisor runs it: the final command line (extra args and the broker argument
 * already applied) and the dependencies that are supervised in this run (disabled ones removed).
 *
 * @param name          the name, used as the output prefix
 * @param dependsOn     supervised processes that must be running before this one starts
 * @param launch        what to start
 * @param restart       the restart policy and its delays
 * @param stopSignal    what it is asked to stop with
 * @param stopTimeoutMs how long it may take before its process group is killed
 * @param ready         its ready check; empty: ready as soon as it has started
 * @param liveness      its liveness check, tried once it is ready; empty: none
 * @param maxMemoryMb   the most RSS its process group may use, in MiB; 0: no limit
 * @param silence       its output-silence watchdog; {@link Silence#none()}: none
 */
public record ManagedProcess(String name, List<String> dependsOn, LaunchSpec launch, RestartSpec restart,
                             StopSignal stopSignal, long stopTimeoutMs, Optional<ReadySpec> ready,
                             Optional<LivenessSpec> liveness, long maxMemoryMb, Silence silence) {
    public ManagedProcess {
        dependsOn = List.copyOf(dependsOn);
    }

    /** A process without an output-silence watchdog. */
    public ManagedProcess(String name, List<String> dependsOn, LaunchSpec launch, RestartSpec restart,
                          StopSignal stopSignal, long stopTimeoutMs, Optional<ReadySpec> ready,
                          Optional<LivenessSpec> liveness, long maxMemoryMb) {
        this(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb, Silence.none());
    }

    /** A process without a liveness check or a memory limit. */
    public ManagedProcess(String name, List<String> dependsOn, LaunchSpec launch, RestartSpec restart,
                          StopSignal stopSignal, long stopTimeoutMs, Optional<ReadySpec> ready) {
        this(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, Optional.empty(), 0);
    }

    /** A process without a ready check. */
    public ManagedProcess(String name, List<String> dependsOn, LaunchSpec launch, RestartSpec restart,
                          StopSignal stopSignal, long stopTimeoutMs) {
        this(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, Optional.empty());
    }

    /** {@return the exit code of an {@code exit} ready check (a one-shot job), if that is its check} */
    public Optional<Integer> expectedExit() {
        return ready.map(ReadySpec::check).filter(c -> c instanceof ReadyCheck.Exit).map(c -> ((ReadyCheck.Exit) c).code());
    }

    /** {@return the log-line pattern of a {@code log} ready check, if that is its check} */
    public Optional<Pattern> readyLine() {
        return ready.map(ReadySpec::check).filter(c -> c instanceof ReadyCheck.Log)
                .map(c -> ((ReadyCheck.Log) c).regex());
    }
}

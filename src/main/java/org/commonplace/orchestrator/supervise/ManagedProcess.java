package org.commonplace.orchestrator.supervise;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.DependencyConditions;
import org.commonplace.orchestrator.config.LivenessSpec;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.ScheduleSpec;
import org.commonplace.orchestrator.config.Silence;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ExitStatus;
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
 * @param conditions    how each dependency is depended on (compose's long syntax); plain for the others
 * @param schedule      when it runs as a job (see {@link Schedules}); empty: from the start, supervised
 * @param replica       which replica of which group it is; {@link Replica#NONE} for a process of its own
 * @param silence       its output-silence watchdog; {@link Silence#none()}: none
 */
public record ManagedProcess(String name, List<String> dependsOn, LaunchSpec launch, RestartSpec restart,
                             StopSignal stopSignal, long stopTimeoutMs, Optional<ReadySpec> ready,
                             Optional<LivenessSpec> liveness, long maxMemoryMb, DependencyConditions conditions,
                             Optional<ScheduleSpec> schedule, ManagedProcess.Replica replica,
                             Silence silence) {
    public ManagedProcess {
        dependsOn = List.copyOf(dependsOn);
    }

    /** A process whose dependencies are all plain (the short list form), without a schedule, not a replica. */
    public ManagedProcess(String name, List<String> dependsOn, LaunchSpec launch, RestartSpec restart,
                          StopSignal stopSignal, long stopTimeoutMs, Optional<ReadySpec> ready,
                          Optional<LivenessSpec> liveness, long maxMemoryMb) {
        this(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb, DependencyConditions.none(),
                Optional.empty(), Replica.NONE, Silence.none());
    }

    /** As the process, with dependencies of compose's long syntax. */
    public ManagedProcess(String name, List<String> dependsOn, LaunchSpec launch, RestartSpec restart,
                          StopSignal stopSignal, long stopTimeoutMs, Optional<ReadySpec> ready,
                          Optional<LivenessSpec> liveness, long maxMemoryMb, DependencyConditions conditions) {
        this(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb, conditions,
                Optional.empty(), Replica.NONE, Silence.none());
    }

    /** {@return the same process under another name (a replica's)} */
    public ManagedProcess withName(String other) {
        return new ManagedProcess(other, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb,
                conditions, schedule, replica, silence);
    }

    /** {@return the same process depending on other processes} */
    public ManagedProcess withDependsOn(List<String> other) {
        return new ManagedProcess(name, other, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb,
                conditions, schedule, replica, silence);
    }

    /** {@return the same process started another way} */
    public ManagedProcess withLaunch(LaunchSpec other) {
        return new ManagedProcess(name, dependsOn, other, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb,
                conditions, schedule, replica, silence);
    }

    /** {@return the same process run on a schedule} */
    public ManagedProcess withSchedule(Optional<ScheduleSpec> other) {
        return new ManagedProcess(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb,
                conditions, other, replica, silence);
    }

    /** {@return the same process with an output-silence watchdog} */
    public ManagedProcess withSilence(Silence other) {
        return new ManagedProcess(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb,
                conditions, schedule, replica, other);
    }

    /** {@return the same process with other ready and liveness checks (a replica's own)} */
    public ManagedProcess withChecks(Optional<ReadySpec> otherReady, Optional<LivenessSpec> otherLiveness) {
        return new ManagedProcess(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, otherReady, otherLiveness,
                maxMemoryMb, conditions, schedule, replica, silence);
    }

    /** {@return the same process as a replica of a group} */
    public ManagedProcess withReplica(Replica other) {
        return new ManagedProcess(name, dependsOn, launch, restart, stopSignal, stopTimeoutMs, ready, liveness, maxMemoryMb,
                conditions, schedule, other, silence);
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

    /** {@return whether it is a one-shot job (an {@code exit} ready check): done once it exits as it should} */
    public boolean isJob() {
        return ready.map(ReadySpec::check).filter(c -> c instanceof ReadyCheck.Exit).isPresent();
    }

    /**
     * {@return whether a one-shot job that ended so has done its job: it exited (not killed) with its
     * {@code exit} code (any code for {@code "any"}), or with one of {@code restart.success_exit_codes}}
     */
    public boolean finishes(ExitStatus status) {
        return ready.map(ReadySpec::check).filter(c -> c instanceof ReadyCheck.Exit).map(c -> (ReadyCheck.Exit) c)
                .filter(exit -> status.exitedWith(status.code()) && (exit.matches(status.code())
                        || restart.hasSuccessCodes() && restart.successCode(status.code())))
                .isPresent();
    }

    /**
     * {@return whether a run that ended so succeeded}: a job that did its job; any other process that
     * exited (not killed) with a code of {@code restart.success_exit_codes} (0 without them)
     */
    public boolean succeeded(ExitStatus status) {
        return isJob() ? finishes(status) : status.exitedWith(status.code()) && restart.successCode(status.code());
    }

    /** {@return the log-line pattern of a {@code log} ready check, if that is its check} */
    public Optional<Pattern> readyLine() {
        return ready.map(ReadySpec::check).filter(c -> c instanceof ReadyCheck.Log)
                .map(c -> ((ReadyCheck.Log) c).regex());
    }

    /**
     * Which replica of which group a process is: {@code web.2} is replica 2 of {@code web}. The group's
     * template (the process as configured, {@code ${REPLICA}} not yet replaced) goes with each member, so
     * {@code scale} makes more members without reading the config again.
     *
     * @param group    the configured name; "" for a process that is no replica
     * @param index    1-based; 0 for a process that is no replica
     * @param template the configured process, named {@code group}; null for a process that is no replica
     */
    public record Replica(String group, int index, ManagedProcess template) {
        /** Not a replica: a process of its own. */
        public static final Replica NONE = new Replica("", 0, null);

        public Replica {
            if ((index == 0) != (template == null) || (index == 0) != group.isEmpty()) {
                throw new IllegalArgumentException("a replica has a group, an index from 1 and a template; a process of its own none");
            }
        }

        /** {@return whether it is a replica of a group} */
        public boolean isReplica() {
            return index > 0;
        }
    }
}

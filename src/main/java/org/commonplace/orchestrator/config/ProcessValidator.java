package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.commonplace.orchestrator.model.Names;

/**
 * Checks one entry of {@code processes} and applies its defaults. References between processes
 * (depends_on names, cycles) are {@link DependencyChecks}' job, since they need every entry.
 */
final class ProcessValidator {
    static final List<String> FIELDS = List.of("command", "args", "depends_on", "restart", "cwd", "env",
            "stop_signal", "stop_timeout_ms", "mqtt_broker_arg", "ready", "liveness", "max_memory_mb",
            "log", "env_file", // log: checked by LogValidator; env_file: by EnvFiles
            "watch", "schedule", "replicas", // schedule, replicas: checked by ScheduleValidator
            "user", "group", "supplementary_groups", "umask", "limits", "nice", "oom_score_adj", // PrivilegeValidator
            "no_new_privileges", "capabilities", "on_failure");
    static final List<String> RESTART_FIELDS = List.of("policy", "backoff_ms", "max_backoff_ms", "max_restarts",
            "within_ms", "success_exit_codes");

    private final Problems problems;
    private final FieldReader read;
    private final Path baseDir;
    private final ReadyValidator readyValidator;
    private final HealthValidator healthValidator;
    private final ScheduleValidator scheduleValidator;
    private final PrivilegeValidator privilegeValidator;

    /**
     * @param baseDir the config file's folder: the default {@code cwd} and what a relative one is
     *                resolved against, so a config works the same from whatever folder it is run
     */
    ProcessValidator(Problems problems, Path baseDir) {
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.baseDir = baseDir;
        this.readyValidator = new ReadyValidator(problems);
        this.healthValidator = new HealthValidator(problems, readyValidator);
        this.scheduleValidator = new ScheduleValidator(problems);
        this.privilegeValidator = new PrivilegeValidator(problems);
    }

    /** {@return the process with defaults applied, or empty when it has an error (all reported)} */
    Optional<ProcessSpec> validate(String name, String path, JsonNode node) {
        int errorsBefore = problems.errorCount();
        checkName(name, path);
        Optional<ObjectNode> found = read.object(path, node, "an object with at least \"command\"");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode process = found.get();
        read.unknownFields(path, process, FIELDS);
        Optional<String> command = command(path, process);
        List<String> args = read.strings(path + ".args", process.get("args")).orElse(List.of());
        for (int i = 0; i < args.size(); i++) {
            read.withoutNul(JsonPaths.index(path + ".args", i), args.get(i));
        }
        DependsOnValidator.Parsed dependsOn = new DependsOnValidator(problems, read).validate(path + ".depends_on", process.get("depends_on"));
        RestartSpec restart = restart(path + ".restart", process.get("restart"));
        Path cwd = cwd(path + ".cwd", process.get("cwd"));
        Map<String, String> env = env(path + ".env", process.get("env"));
        StopSignal stopSignal = stopSignal(path + ".stop_signal", process.get("stop_signal"));
        long stopTimeoutMs = read.milliseconds(path + ".stop_timeout_ms", process.get("stop_timeout_ms"))
                .orElse(ProcessSpec.DEFAULT_STOP_TIMEOUT_MS);
        Optional<Boolean> brokerArg = read.bool(path + ".mqtt_broker_arg", process.get("mqtt_broker_arg"));
        // Read before the checks: ${REPLICA} in a check is each replica's number only on a process with replicas.
        int replicas = scheduleValidator.replicas(path + ".replicas", process.get("replicas"));
        Optional<ReadySpec> ready = readyValidator.validate(path + ".ready", process.get("ready"), replicas);
        readyValidator.checkExitPolicy(path + ".ready", ready, process.path("restart").path("policy"));
        Optional<LivenessSpec> liveness = healthValidator.liveness(path + ".liveness", process.get("liveness"), replicas);
        long maxMemoryMb = healthValidator.maxMemoryMb(path + ".max_memory_mb", process.get("max_memory_mb"));
        FileWatch watch = new WatchValidator(problems).watch(path + ".watch", process.get("watch"));
        Optional<ScheduleSpec> schedule = scheduleValidator.schedule(path + ".schedule", process);
        var privileges = privilegeValidator.validate(path, process);
        OnFailure onFailure = new OnFailureValidator(problems).validate(path + ".on_failure", process.get("on_failure"));
        Silence silence = new SilenceValidator(problems).silence(path + ".liveness", process.get("liveness"));
        if (problems.errorCount() > errorsBefore || command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProcessSpec(name, command.get(), args, dependsOn.names(), restart, cwd, env,
                stopSignal, stopTimeoutMs, brokerArg, ready, liveness, maxMemoryMb).withWatch(watch)
                .withDependencies(dependsOn.conditions()).withSchedule(schedule).withReplicas(replicas)
                .withPrivileges(privileges).withOnFailure(onFailure).withSilence(silence));
    }

    /**
     * Names become log prefixes ({@code [http] ...}), file names and command-line arguments
     * ({@code --only http}), so they are kept to characters that need no quoting anywhere, do not
     * start like an option or a hidden or relative path ({@code -x}, {@code .}, {@code ..}), and do not
     * pass for the orchestrator's own {@code [orchestrator]} lines.
     */
    private void checkName(String name, String path) {
        Names.problemWithProcess(name).ifPresent(problem -> problems.errorAtKey(path, problem));
    }

    private Optional<String> command(String path, ObjectNode process) {
        JsonNode node = process.get("command");
        if (node == null) {
            problems.errorAt(path + ".command", problems.locations().ofValue(path),
                    "missing required field 'command' (the program to run)");
            return Optional.empty();
        }
        Optional<String> command = read.string(path + ".command", node);
        if (command.isPresent() && command.get().isBlank()) {
            problems.error(path + ".command", "must name a program, got \"" + command.get() + "\"");
            return Optional.empty();
        }
        return command.filter(c -> read.withoutNul(path + ".command", c));
    }

    private RestartSpec restart(String path, JsonNode node) {
        RestartSpec defaults = RestartSpec.defaults();
        Optional<ObjectNode> found = read.object(path, node, "an object {\"policy\", \"backoff_ms\", \"max_backoff_ms\", \"max_restarts\", \"within_ms\"}");
        if (found.isEmpty()) {
            return defaults;
        }
        ObjectNode restart = found.get();
        read.unknownFields(path, restart, RESTART_FIELDS);
        RestartPolicy policy = read.string(path + ".policy", restart.get("policy")).flatMap(word -> {
            Optional<RestartPolicy> known = RestartPolicy.fromWord(word);
            if (known.isEmpty()) {
                problems.error(path + ".policy", "unknown restart policy \"" + word + "\"; use one of "
                        + String.join(", ", RestartPolicy.words()));
            }
            return known;
        }).orElse(defaults.policy());
        OptionalLong backoff = read.milliseconds(path + ".backoff_ms", restart.get("backoff_ms"));
        OptionalLong max = read.milliseconds(path + ".max_backoff_ms", restart.get("max_backoff_ms"));
        long backoffMs = backoff.orElse(defaults.backoffMs());
        long maxMs = max.orElse(defaults.maxBackoffMs());
        if (max.isPresent() && maxMs < backoffMs) {
            problems.error(path + ".max_backoff_ms", "max_backoff_ms " + maxMs + " is below backoff_ms "
                    + backoffMs + "; the cap must be at least the first delay");
        } else if (backoff.isPresent() && max.isEmpty() && maxMs < backoffMs) {
            problems.error(path + ".backoff_ms", "backoff_ms " + backoffMs + " is above the default "
                    + "max_backoff_ms " + maxMs + "; set max_backoff_ms too");
        }
        int maxRestarts = healthValidator.maxRestarts(path + ".max_restarts", restart.get("max_restarts"));
        long withinMs = healthValidator.withinMs(path, restart, maxRestarts);
        var successCodes = new SuccessCodesValidator(problems).validate(path + ".success_exit_codes", restart.get("success_exit_codes"));
        return new RestartSpec(policy, backoffMs, maxMs, maxRestarts, withinMs, successCodes);
    }

    private Path cwd(String path, JsonNode node) {
        Optional<String> text = read.string(path, node);
        if (text.isEmpty() || !read.withoutNul(path, text.get())) {
            return baseDir;
        }
        if (text.get().isBlank()) {
            problems.error(path, "must name a directory, got \"" + text.get() + "\"");
            return baseDir;
        }
        Path resolved;
        try {
            resolved = baseDir.resolve(text.get()).normalize();
        } catch (InvalidPathException e) {
            problems.error(path, "\"" + text.get() + "\" is not a valid path: " + e.getReason());
            return baseDir;
        }
        if (!Files.exists(resolved)) {
            problems.error(path, "directory \"" + text.get() + "\" does not exist (resolved to " + resolved + ")");
        } else if (!Files.isDirectory(resolved)) {
            problems.error(path, "\"" + text.get() + "\" is not a directory (resolved to " + resolved + ")");
        }
        return resolved;
    }

    private Map<String, String> env(String path, JsonNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        Optional<ObjectNode> found = read.object(path, node, "an object of names to string values");
        if (found.isPresent() && found.get().size() > Limits.MAX_ENV) {
            problems.error(path, "has " + found.get().size() + " variables; at most " + Limits.MAX_ENV
                    + " are allowed (the limit for a config file)");
            return env;
        }
        found.ifPresent(object -> object.properties().forEach(member -> {
            String key = member.getKey();
            String memberPath = JsonPaths.child(path, key);
            if (key.isEmpty()) {
                problems.errorAtKey(memberPath, "environment variable names must not be empty");
            } else if (key.indexOf('\0') >= 0) {
                problems.errorAtKey(memberPath, "environment variable name " + FieldReader.quoted(key)
                        + " contains a NUL character (\\u0000), which cannot be passed to a program");
            } else if (key.indexOf('=') >= 0) {
                // The environment is a list of NAME=VALUE strings: the first '=' ends the name.
                problems.errorAtKey(memberPath, "environment variable name '" + key + "' must not contain '='");
            }
            read.string(memberPath, member.getValue()).filter(value -> read.withoutNul(memberPath, value))
                    .ifPresent(value -> env.put(key, value));
        }));
        return env;
    }

    private StopSignal stopSignal(String path, JsonNode node) {
        return read.string(path, node).flatMap(name -> {
            Optional<StopSignal> signal = StopSignal.fromName(name);
            if (signal.isEmpty()) {
                problems.error(path, "unknown stop signal \"" + name + "\"; use one of "
                        + String.join(", ", StopSignal.names()) + " (with or without SIG)");
            }
            return signal;
        }).orElse(StopSignal.TERM);
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks what says whether a running process is still healthy: its {@code liveness} block and its
 * {@code max_memory_mb}. The liveness check kinds are those of {@code ready} that can be tried again
 * and again ({@link ReadyValidator} reads their values); {@code log} and {@code exit} are rejected
 * with the reason.
 */
final class HealthValidator {
    static final List<String> FIELDS = List.of("tcp", "http", "exec", "mqtt", "log", "exit", "interval_ms",
            "failure_threshold", "timeout_ms", SilenceValidator.FIELD);
    private static final String KINDS = "\"tcp\", \"http\", \"exec\" or \"mqtt\"";

    private final Problems problems;
    private final FieldReader read;
    private final ReadyValidator checks;

    HealthValidator(Problems problems, ReadyValidator checks) {
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.checks = checks;
    }

    /** {@return the liveness block with defaults applied; empty when absent or wrong (errors recorded)} */
    Optional<LivenessSpec> liveness(String path, JsonNode node, int replicas) {
        Optional<ObjectNode> found = read.object(path, node, "an object with one check: " + KINDS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode liveness = found.get();
        read.unknownFields(path, liveness, FIELDS);
        long intervalMs = read.positiveMilliseconds(path + ".interval_ms", liveness.get("interval_ms"))
                .orElse(LivenessSpec.DEFAULT_INTERVAL_MS);
        long threshold = read.wholeNumber(path + ".failure_threshold", liveness.get("failure_threshold"), 1,
                Limits.MAX_FAILURE_THRESHOLD, "the limit for a config file").orElse(LivenessSpec.DEFAULT_FAILURE_THRESHOLD);
        long timeoutMs = read.positiveMilliseconds(path + ".timeout_ms", liveness.get("timeout_ms"))
                .orElse(LivenessSpec.DEFAULT_TIMEOUT_MS);
        boolean ok = true;
        if (liveness.has("log")) {
            problems.error(path + ".log", "a log line cannot tell that a process still works (a hung process"
                    + " writes nothing, and a line it wrote once proves nothing later); use " + KINDS);
            ok = false;
        }
        if (liveness.has("exit")) {
            problems.error(path + ".exit", "\"exit\" is for one-shot jobs in \"ready\"; a liveness check"
                    + " asks a running process, with " + KINDS);
            ok = false;
        }
        List<String> kinds = LivenessSpec.KINDS.stream().filter(liveness::has).toList();
        if (ok && kinds.isEmpty() && liveness.has(SilenceValidator.FIELD)) {
            return Optional.empty(); // only the silence watchdog (SilenceValidator's)
        }
        if (kinds.size() != 1) {
            if (ok || !kinds.isEmpty()) {
                problems.error(path, "expected exactly one check, " + KINDS + ", got "
                        + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
            }
            return Optional.empty();
        }
        String kind = kinds.getFirst();
        Optional<ReplicaCheck> perReplica = ReadyValidator.perReplica(kind, liveness.get(kind), replicas);
        Optional<ReadyCheck> check = perReplica.isPresent() ? checks.eachReplica(path + "." + kind, perReplica.get(), replicas)
                : checks.check(path + "." + kind, kind, liveness.get(kind));
        if (!ok || check.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LivenessSpec(check.get(), intervalMs, (int) threshold, timeoutMs, perReplica));
    }

    /** {@return the memory limit in MiB, or {@link ProcessSpec#NO_MEMORY_LIMIT} when absent or wrong} */
    long maxMemoryMb(String path, JsonNode node) {
        return read.wholeNumber(path, node, 1, Limits.MAX_MEMORY_MB, "1 TiB, the limit for a config file")
                .orElse(ProcessSpec.NO_MEMORY_LIMIT);
    }

    /** {@return {@code restart.max_restarts}, or {@link RestartSpec#UNLIMITED} when absent or wrong} */
    int maxRestarts(String path, JsonNode node) {
        return (int) read.wholeNumber(path, node, 1, Limits.MAX_RESTARTS, "the limit for a config file")
                .orElse(RestartSpec.UNLIMITED);
    }

    /**
     * {@return {@code restart.within_ms}, or {@link RestartSpec#IN_A_ROW} when absent or wrong}: a
     * window of 1 ms or more, and only beside a {@code max_restarts} (alone it would limit nothing)
     */
    long withinMs(String restartPath, JsonNode restart, int maxRestarts) {
        JsonNode node = restart.get("within_ms");
        OptionalLong within = read.positiveMilliseconds(restartPath + ".within_ms", node);
        if (within.isEmpty()) {
            return RestartSpec.IN_A_ROW;
        }
        if (maxRestarts == RestartSpec.UNLIMITED) {
            if (restart.get("max_restarts") == null) {
                problems.error(restartPath + ".within_ms", "within_ms " + within.getAsLong()
                        + " needs max_restarts beside it (how many restarts within it are allowed)");
            }
            return RestartSpec.IN_A_ROW;
        }
        return within.getAsLong();
    }
}

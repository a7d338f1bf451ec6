package org.commonplace.orchestrator.config;

import java.util.Map;
import org.commonplace.orchestrator.model.Names;

/**
 * The one rule for the names of replicas: replica K of process {@code web} is {@code web.K}, K from 1.
 * Checked here against the other processes' names, the name rule and the config's process limit;
 * the run (and {@code scale}) name them with {@link #member}.
 */
public final class ReplicaNames {
    /** The environment variable that tells a replica its number; {@code ${REPLICA}} in args, env and checks is replaced by it. */
    public static final String VARIABLE = "REPLICA";
    private ReplicaNames() {
    }

    /** {@return the name of replica {@code index} (1-based) of {@code group}} */
    public static String member(String group, int index) {
        return group + "." + index;
    }

    /**
     * {@return the group {@code name} would be a replica of ({@code web} for {@code web.2}), if it has
     * the form of one}: only the form; whether that group is replicated is the caller's to know
     */
    public static java.util.Optional<String> groupOf(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1 || !name.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(name.substring(0, dot));
    }

    /** Reports a replica name that is another process's, or breaks the name rule; and too many in all. */
    static void check(Problems problems, Map<String, ProcessSpec> specs) {
        long total = 0;
        for (ProcessSpec spec : specs.values()) {
            total += Math.max(1, spec.replicas());
            String path = JsonPaths.child("processes", spec.name()) + ".replicas";
            for (int k = 1; k <= spec.replicas(); k++) {
                String member = member(spec.name(), k);
                if (specs.containsKey(member)) {
                    problems.error(path, "replica " + k + " of " + spec.name() + " would be named " + member
                            + ", which is another process's name");
                    break;
                }
                var problem = Names.problemWithProcess(member);
                if (problem.isPresent()) {
                    problems.error(path, "replica " + k + " would be named " + member + ": " + problem.get());
                    break;
                }
            }
        }
        if (total > Limits.MAX_PROCESSES) {
            problems.error("processes", "runs " + total + " processes with their replicas; at most " + Limits.MAX_PROCESSES
                    + " are allowed (the limit for a config file)");
        }
    }
}

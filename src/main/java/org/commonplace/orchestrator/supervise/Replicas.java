package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.config.ReplicaNames;
import org.commonplace.orchestrator.spawn.LaunchSpec;

/**
 * Makes the replicas of a process: {@code "replicas": 3} on {@code web} runs {@code web.1}, {@code web.2}
 * and {@code web.3}, each a process of its own (its own slot, state, restarts and log prefix), with
 * {@code REPLICA} (1-based) in its environment and {@code ${REPLICA}} replaced in its args, its env
 * values and its ready and liveness checks (each replica is checked at its own address). What depends on {@code web} depends on every replica. Pure: the run's plan and {@code scale}
 * both use it.
 */
public final class Replicas {
    /** The environment variable that tells a replica its number. */
    public static final String VARIABLE = ReplicaNames.VARIABLE;
    private static final String PLACEHOLDER = "${" + VARIABLE + "}";

    private Replicas() {
    }

    /**
     * {@return the plan with each process named in {@code counts} replaced by its replicas, where it
     * stood, and each {@code depends_on} that names one of them naming its replicas instead}
     *
     * @param plan   the processes in start order, {@code depends_on} naming processes of the config
     * @param counts how many replicas each replicated process has (at least 1)
     */
    public static List<ManagedProcess> expand(List<ManagedProcess> plan, Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return plan;
        }
        var members = new LinkedHashMap<String, List<String>>();
        counts.forEach((group, count) -> members.put(group, names(group, count)));
        var out = new ArrayList<ManagedProcess>();
        for (ManagedProcess p : plan) {
            var deps = new ArrayList<String>();
            p.dependsOn().forEach(d -> deps.addAll(members.getOrDefault(d, List.of(d))));
            ManagedProcess withDeps = withDependsOn(p, deps);
            Integer count = counts.get(p.name());
            if (count == null) {
                out.add(withDeps);
            } else {
                for (int k = 1; k <= count; k++) {
                    out.add(member(withDeps, k));
                }
            }
        }
        return out;
    }

    /**
     * {@return replica {@code index} (1-based) of {@code template}, the process as configured}
     *
     * @throws IllegalArgumentException when the number makes its ready or liveness check none (a port
     *                                  over 65535): possible only beyond the configured count, by {@code scale}
     */
    static ManagedProcess member(ManagedProcess template, int index) {
        String number = Integer.toString(index);
        LaunchSpec launch = template.launch();
        var args = launch.args().stream().map(a -> a.replace(PLACEHOLDER, number)).toList();
        var env = new LinkedHashMap<String, String>();
        launch.env().forEach((k, v) -> env.put(k, v.replace(PLACEHOLDER, number)));
        env.put(VARIABLE, number);
        return template.withName(ReplicaNames.member(template.name(), index))
                .withLaunch(new LaunchSpec(launch.command(), args, launch.cwd(), env, launch.privileges()))
                .withChecks(template.ready().map(r -> r.forReplica(index)), template.liveness().map(l -> l.forReplica(index)))
                .withReplica(new ManagedProcess.Replica(template.name(), index, template));
    }

    /** {@return the names of replicas 1 to {@code count} of {@code group}} */
    static List<String> names(String group, int count) {
        var names = new ArrayList<String>(count);
        for (int k = 1; k <= count; k++) {
            names.add(ReplicaNames.member(group, k));
        }
        return names;
    }

    /** {@return {@code p} with other dependencies} */
    static ManagedProcess withDependsOn(ManagedProcess p, List<String> dependsOn) {
        return p.withDependsOn(dependsOn);
    }
}

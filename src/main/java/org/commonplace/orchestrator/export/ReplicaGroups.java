package org.commonplace.orchestrator.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * The planned processes as the config has them: the replicas of a process ({@code web.1} ... {@code
 * web.N}) folded back into it, with their count, and {@code depends_on} naming it again. systemd writes
 * one template unit for them, Kubernetes one Deployment with {@code replicas:}.
 */
final class ReplicaGroups {
    /**
     * One process of the config.
     *
     * @param process  as configured ({@code ${REPLICA}} not replaced), its dependencies named as in the config
     * @param replicas how many replicas it has; 0 when it has no {@code replicas}
     */
    record Entry(ManagedProcess process, int replicas) {
    }

    private ReplicaGroups() {
    }

    static List<Entry> of(List<ManagedProcess> plan) {
        var groupOf = new HashMap<String, String>();
        var counts = new LinkedHashMap<String, Integer>();
        for (ManagedProcess p : plan) {
            if (p.replica().isReplica()) {
                groupOf.put(p.name(), p.replica().group());
                counts.merge(p.replica().group(), 1, Integer::sum);
            }
        }
        var out = new ArrayList<Entry>();
        for (ManagedProcess p : plan) {
            boolean member = p.replica().isReplica();
            if (member && seen(out, p.replica().group())) {
                continue;
            }
            ManagedProcess base = member ? p.replica().template() : p;
            var deps = new LinkedHashSet<String>();
            base.dependsOn().forEach(d -> deps.add(groupOf.getOrDefault(d, d)));
            var folded = base.withDependsOn(List.copyOf(deps));
            out.add(new Entry(folded, member ? counts.get(p.replica().group()) : 0));
        }
        return out;
    }

    private static boolean seen(List<Entry> out, String group) {
        return out.stream().anyMatch(e -> e.process().name().equals(group));
    }

    /** {@return name → replica count, for the replicated processes} */
    static Map<String, Integer> counts(List<Entry> entries) {
        var counts = new HashMap<String, Integer>();
        entries.stream().filter(e -> e.replicas() > 0).forEach(e -> counts.put(e.process().name(), e.replicas()));
        return counts;
    }
}

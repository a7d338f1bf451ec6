package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * {@code scale NAME N}: runs N replicas of a replicated process instead of as many as now, through
 * the reload path ({@link Reload}): the supervised list with the group's replicas 1..N (the kept ones
 * unchanged, new ones made from the group's template) and what depends on the group depending on
 * exactly those. Replicas above N are the ones stopped and dropped, the highest first in the list (they
 * stop side by side, each its own stop signal and timeout); a new replica starts once its dependencies
 * run. A reload of the config sets the count back to the config's. Supervisor thread only.
 */
final class Scale {
    private final Supervisor supervisor;
    private final Reload reload;

    Scale(Supervisor supervisor, Reload reload) {
        this.supervisor = supervisor;
        this.reload = reload;
    }

    CommandReply apply(Command.Scale command, List<ProcessSnapshot> snapshots) {
        String group = command.name();
        var members = new ArrayList<Slot>();
        for (Slot slot : supervisor.slots.values()) {
            if (!slot.removed() && slot.spec.replica().group().equals(group)) {
                members.add(slot);
            }
        }
        if (members.isEmpty()) {
            Slot plain = supervisor.slots.get(group);
            if (plain != null && !plain.removed()) {
                return CommandReply.refused("not_replicated", group + " has no \"replicas\" in the config; only a process"
                        + " with \"replicas\" can be scaled", snapshots);
            }
            var names = snapshots.stream().map(ProcessSnapshot::name).toList();
            return UnknownNames.refusal(List.of(group), names, snapshots);
        }
        if (command.count() < 1 || command.count() > ProcessSpec.MAX_REPLICAS) {
            return CommandReply.refused("bad_request", "scale " + group + " " + command.count() + ": the count must be 1 to "
                    + ProcessSpec.MAX_REPLICAS, snapshots);
        }
        if (members.size() == command.count()) {
            return CommandReply.done(List.of(group + " runs " + command.count() + " replicas already"), List.of(), snapshots);
        }
        ManagedProcess template = members.getFirst().spec.replica().template();
        for (int k = members.size() + 1; k <= command.count(); k++) {
            try {
                Replicas.member(template, k); // a number beyond the configured ones can make a check invalid (port 65536)
            } catch (IllegalArgumentException e) {
                return CommandReply.refused("bad_request", "scale " + group + " " + command.count() + ": replica " + k
                        + "'s check would not be valid: " + e.getMessage(), snapshots);
            }
        }
        Set<String> old = new HashSet<>();
        members.forEach(m -> old.add(m.name()));
        List<String> now = Replicas.names(group, command.count());
        var processes = new ArrayList<ManagedProcess>();
        boolean placed = false;
        for (Slot slot : supervisor.slots.values()) {
            if (slot.removed()) {
                continue;
            }
            if (old.contains(slot.name())) {
                if (!placed) {
                    placed = true;
                    for (int k = 1; k <= command.count(); k++) {
                        Slot kept = supervisor.slots.get(now.get(k - 1));
                        processes.add(kept != null && old.contains(kept.name()) ? kept.spec : Replicas.member(template, k));
                    }
                }
                continue;
            }
            processes.add(rewired(slot.spec, old, now));
        }
        return reload.apply(processes, "scaled " + group + " from " + members.size() + " to " + command.count() + " replicas");
    }

    /** {@return {@code p} depending on the replicas {@code now} where it depended on those of {@code old}} */
    private static ManagedProcess rewired(ManagedProcess p, Set<String> old, List<String> now) {
        if (p.dependsOn().stream().noneMatch(old::contains)) {
            return p;
        }
        var deps = new ArrayList<String>();
        boolean added = false;
        for (String d : p.dependsOn()) {
            if (!old.contains(d)) {
                deps.add(d);
            } else if (!added) {
                added = true;
                deps.addAll(now);
            }
        }
        return Replicas.withDependsOn(p, deps);
    }
}

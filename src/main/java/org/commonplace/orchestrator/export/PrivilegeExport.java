package org.commonplace.orchestrator.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonplace.orchestrator.model.Privileges;
import org.commonplace.orchestrator.model.Privileges.Limit;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * A process's privileges and memory limit in the exports. systemd has a key for every one of them;
 * Kubernetes sets the user, groups, no_new_privileges and capabilities in the container's
 * securityContext and the memory in resources.limits, and says in a note what a pod cannot set (umask,
 * rlimits, nice, oom_score_adj: the image's or the node's).
 */
final class PrivilegeExport {
    private PrivilegeExport() {
    }

    /** Appends the [Service] lines: User=, Group=, ..., MemoryMax=. */
    static void systemd(ManagedProcess process, StringBuilder unit) {
        Privileges p = process.launch().privileges();
        p.account().ifPresent(a -> {
            unit.append("User=").append(SystemdSyntax.text(a.user())).append('\n');
            unit.append("Group=").append(SystemdSyntax.text(a.group())).append('\n');
            List<String> extra = a.groups().stream().filter(g -> g != a.gid()).map(Integer::toUnsignedString).toList();
            if (!extra.isEmpty()) {
                unit.append("SupplementaryGroups=").append(String.join(" ", extra)).append('\n');
            } else if (!a.groups().contains(a.gid())) {
                // systemd always gives User= the groups the group database lists it in.
                unit.append("# supplementary_groups []: systemd adds the groups /etc/group lists ")
                        .append(CommentText.escape(a.user())).append(" in; it has no way to say none\n");
            }
        });
        p.umask().ifPresent(u -> unit.append("UMask=").append(String.format("%04o", u)).append('\n'));
        p.limits().forEach((name, limit) -> unit.append("Limit").append(name.toUpperCase(Locale.ROOT)).append('=')
                .append(Limit.text(limit.soft(), "infinity"))
                .append(limit.soft() == limit.hard() ? "" : ":" + Limit.text(limit.hard(), "infinity")).append('\n'));
        p.nice().ifPresent(n -> unit.append("Nice=").append(n).append('\n'));
        p.oomScoreAdj().ifPresent(n -> unit.append("OOMScoreAdjust=").append(n).append('\n'));
        if (p.noNewPrivileges()) {
            unit.append("NoNewPrivileges=yes\n");
        }
        if (!p.capabilities().isEmpty()) {
            unit.append("AmbientCapabilities=").append(String.join(" ", p.capabilities())).append('\n');
            unit.append("CapabilityBoundingSet=").append(String.join(" ", p.capabilities())).append('\n');
        }
        if (process.maxMemoryMb() > 0) {
            // The orchestrator restarts the group above it; systemd's cgroup never lets it get there.
            unit.append("MemoryMax=").append(process.maxMemoryMb()).append("M\n");
        }
    }

    /** Puts the container's securityContext and resources, and notes what a pod cannot set. */
    static void kubernetes(ManagedProcess process, Map<String, Object> container, Map<String, Object> pod,
                           List<String> notes) {
        Privileges p = process.launch().privileges();
        var security = new LinkedHashMap<String, Object>();
        p.account().ifPresent(a -> {
            security.put("runAsUser", Integer.toUnsignedLong(a.uid()));
            security.put("runAsGroup", Integer.toUnsignedLong(a.gid()));
            if (a.uid() != 0) {
                security.put("runAsNonRoot", true);
            }
            List<Long> extra = a.groups().stream().filter(g -> g != a.gid()).map(Integer::toUnsignedLong).toList();
            if (!extra.isEmpty()) {
                pod.put("securityContext", Map.of("supplementalGroups", extra));
            }
            notes.add("user " + a.user() + " is uid " + Integer.toUnsignedString(a.uid()) + " on this machine: the"
                    + " image must have the same uid for it");
        });
        if (p.noNewPrivileges()) {
            security.put("allowPrivilegeEscalation", false);
        }
        if (!p.capabilities().isEmpty()) {
            security.put("capabilities", Map.of("drop", List.of("ALL"), "add",
                    p.capabilities().stream().map(c -> c.substring("CAP_".length())).toList()));
        }
        if (!security.isEmpty()) {
            container.put("securityContext", security);
        }
        if (process.maxMemoryMb() > 0) {
            container.put("resources", Map.of("limits", Map.of("memory", process.maxMemoryMb() + "Mi")));
        }
        p.umask().ifPresent(u -> notes.add("umask " + String.format("%03o", u) + ": a pod cannot set it (the image's"
                + " entrypoint must)"));
        if (!p.limits().isEmpty()) {
            notes.add("limits " + String.join(", ", p.limits().keySet()) + ": a pod cannot set rlimits (the node's"
                    + " container runtime sets them)");
        }
        p.nice().ifPresent(n -> notes.add("nice " + n + ": a pod cannot set it (use CPU requests and limits)"));
        p.oomScoreAdj().ifPresent(n -> notes.add("oom_score_adj " + n + ": Kubernetes sets it from the pod's QoS class"));
    }
}

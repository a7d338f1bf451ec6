package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.model.Privileges;

/** How {@code check} words a process's privileges, and its one note when root runs processes as root. */
final class PrivilegeText {
    private PrivilegeText() {
    }

    /** {@return "user web (uid 1001), group web (gid 1001), groups 1001,27; umask 027; ..." or empty for none} */
    static Optional<String> describe(Privileges p) {
        if (!p.any()) {
            return Optional.empty();
        }
        var parts = new ArrayList<String>();
        p.account().ifPresent(a -> parts.add("user " + a.user() + " (uid " + Integer.toUnsignedString(a.uid())
                + "), group " + a.group() + " (gid " + Integer.toUnsignedString(a.gid()) + "), groups "
                + (a.groups().isEmpty() ? "none" : String.join(",", a.groups().stream().map(Integer::toUnsignedString).toList()))));
        p.umask().ifPresent(u -> parts.add("umask " + String.format("%03o", u)));
        if (!p.limits().isEmpty()) {
            var limits = new ArrayList<String>();
            p.limits().forEach((name, l) -> limits.add(name + "=" + Privileges.Limit.text(l.soft(), "unlimited")
                    + (l.soft() == l.hard() ? "" : ":" + Privileges.Limit.text(l.hard(), "unlimited"))));
            parts.add("limits " + String.join(" ", limits));
        }
        p.nice().ifPresent(n -> parts.add("nice " + n));
        p.oomScoreAdj().ifPresent(n -> parts.add("oom_score_adj " + n));
        if (p.noNewPrivileges()) {
            parts.add("no_new_privileges");
        }
        if (!p.capabilities().isEmpty()) {
            parts.add("capabilities " + String.join(",", p.capabilities()));
        }
        return Optional.of(String.join("; ", parts));
    }

    /** {@return the one note that root runs processes without "user" (so as root), or empty} */
    static Optional<String> asRoot(OrchestratorConfig config) {
        if (ourUid() != 0) {
            return Optional.empty();
        }
        var asRoot = config.processes().values().stream().filter(p -> p.privileges().account().isEmpty())
                .map(ProcessSpec::name).toList();
        if (asRoot.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("note: running as root, " + asRoot.size() + " process" + (asRoot.size() == 1 ? "" : "es")
                + " without \"user\" run as root too (" + String.join(", ", asRoot.stream().limit(5).toList())
                + (asRoot.size() > 5 ? ", ..." : "") + "); give each a \"user\" to run it with only what it needs");
    }

    private static int ourUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

package org.commonplace.orchestrator.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.config.Dependency;
import org.commonplace.orchestrator.config.RemoteDependency;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * A process's {@code depends_on} in systemd's words: {@code Requires=} and {@code After=} for a plain
 * dependency; {@code "required": false} is {@code Wants=} (started with it, but its failure does not
 * fail this one); {@code "restart": true} is {@code BindsTo=} plus {@code PartOf=} (stopped when the
 * dependency stops or fails, restarted when it is restarted). What systemd cannot say is a comment.
 */
final class SystemdDependencies {
    private SystemdDependencies() {
    }

    /** Writes the [Unit] lines of {@code process}'s local dependencies; {@code unitsOf} names each one's units. */
    static void write(ManagedProcess process, String prefix, Map<String, List<String>> unitsOf, StringBuilder unit) {
        // A remote dependency (INSTANCE/NAME) is another machine's: systemd cannot order units by it.
        List<String> local = process.dependsOn().stream().filter(d -> !RemoteDependency.isRemote(d)).toList();
        if (local.isEmpty()) {
            return;
        }
        var requires = new ArrayList<String>();
        var wants = new ArrayList<String>();
        var binds = new ArrayList<String>();
        var after = new ArrayList<String>();
        for (String name : local) {
            List<String> units = unitsOf.getOrDefault(name, List.of(SystemdUnits.unitName(prefix, name)));
            Dependency dependency = process.conditions().of(name);
            after.addAll(units);
            if (!dependency.required()) {
                wants.addAll(units);
            } else if (dependency.restart()) {
                binds.addAll(units);
            } else {
                requires.addAll(units);
            }
            if (dependency.hasTimeout()) {
                unit.append("# depends_on ").append(CommentText.escape(name)).append(": timeout_ms ").append(dependency.timeoutMs())
                        .append(" is not kept: systemd waits for the dependency without a time limit.\n");
            }
        }
        line("Requires=", requires, unit);
        line("Wants=", wants, unit);
        line("BindsTo=", binds, unit);
        line("PartOf=", binds, unit);
        line("After=", after, unit);
    }

    private static void line(String key, List<String> units, StringBuilder unit) {
        if (!units.isEmpty()) {
            unit.append(key).append(String.join(" ", units)).append('\n');
        }
    }
}

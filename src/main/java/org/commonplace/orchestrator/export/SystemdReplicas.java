package org.commonplace.orchestrator.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.config.ReplicaNames;

/**
 * A replicated process as a systemd template unit: {@code PREFIX-web@.service}, its instances
 * {@code PREFIX-web@1.service} ... wanted by the target, the instance name ({@code %i}) standing for
 * {@code ${REPLICA}} in the command line and the environment, and {@code REPLICA=%i} set.
 */
final class SystemdReplicas {
    /** What {@code ${REPLICA}} becomes in a command line once {@link SystemdSyntax} has doubled its {@code $}. */
    private static final String IN_EXEC = "$${" + ReplicaNames.VARIABLE + "}";
    private static final String IN_ENV = "${" + ReplicaNames.VARIABLE + "}";

    private SystemdReplicas() {
    }

    static String templateName(String prefix, String process) {
        return prefix + "-" + process + "@.service";
    }

    static List<String> instances(String prefix, String process, int count) {
        var names = new ArrayList<String>();
        for (int k = 1; k <= count; k++) {
            names.add(prefix + "-" + process + "@" + k + ".service");
        }
        return names;
    }

    /** {@return the process with {@code REPLICA=${REPLICA}} in its environment, which the template makes %i} */
    static ManagedProcess withReplicaEnv(ManagedProcess p) {
        var env = new LinkedHashMap<>(p.launch().env());
        env.put(ReplicaNames.VARIABLE, IN_ENV);
        LaunchSpec launch = new LaunchSpec(p.launch().command(), p.launch().args(), p.launch().cwd(), env, p.launch().privileges());
        return p.withLaunch(launch);
    }

    /** {@return the service text made a template: {@code ${REPLICA}} as the instance name, and how to start the instances} */
    static String template(String service, List<String> instances) {
        String body = service.replace(IN_EXEC, "%i").replace(IN_ENV, "%i");
        int firstLineEnd = body.indexOf('\n') + 1;
        return body.substring(0, firstLineEnd)
                + "# A template: one instance per replica (" + String.join(" ", instances) + "), REPLICA=%i in each.\n"
                + body.substring(firstLineEnd);
    }
}

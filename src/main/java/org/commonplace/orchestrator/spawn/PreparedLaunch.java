package org.commonplace.orchestrator.spawn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What both launchers work out before they start anything: the child's environment (ours, plus the
 * spec's, plus {@code PYTHONUNBUFFERED=1} unless set, so Python services do not hold lines back), the
 * executable found as execvp would, and the full argv behind an optional wrapper. Failing here is a
 * clear one-line failed start.
 *
 * @param env  the child's whole environment
 * @param argv the wrapper words, the executable's absolute path, then the spec's arguments
 */
record PreparedLaunch(Map<String, String> env, List<String> argv) {
    static PreparedLaunch of(LaunchSpec spec, Map<String, String> baseEnv, List<String> wrapper) throws LaunchException {
        Map<String, String> env = new HashMap<>(baseEnv);
        env.putAll(spec.env());
        env.putIfAbsent("PYTHONUNBUFFERED", "1");
        if (!Files.isDirectory(spec.cwd())) {
            throw new LaunchException("working directory " + spec.cwd() + " does not exist");
        }
        Path executable = CommandResolver.resolve(spec.command(), spec.cwd(), env);
        var argv = new ArrayList<>(wrapper);
        argv.add(executable.toString());
        argv.addAll(spec.args());
        return new PreparedLaunch(env, argv);
    }
}

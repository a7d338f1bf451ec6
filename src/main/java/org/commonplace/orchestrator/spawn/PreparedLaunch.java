package org.commonplace.orchestrator.spawn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What both launchers work out before they start anything: the child's environment (ours without
 * systemd's notify variables, plus the spec's, plus {@code PYTHONUNBUFFERED=1} unless set, so Python
 * services do not hold lines back), the
 * executable found as execvp would, and the full argv behind an optional wrapper and the steps that
 * apply the spec's privileges ({@link PrivilegeSteps}; a user's HOME, USER, LOGNAME and SHELL unless the
 * spec's env sets them). Failing here is a
 * clear one-line failed start.
 *
 * @param env  the child's whole environment
 * @param argv the wrapper words, the executable's absolute path, then the spec's arguments
 */
record PreparedLaunch(Map<String, String> env, List<String> argv) {
    /**
     * systemd's notify socket and watchdog are the orchestrator's, not its children's: a child that
     * speaks the protocol (a daemon built with libsystemd, a nested orchestrator) would otherwise
     * tell systemd it is ready on our behalf. The config's {@code env} may still set them.
     */
    static final List<String> NOT_INHERITED = List.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID");

    static PreparedLaunch of(LaunchSpec spec, Map<String, String> baseEnv, List<String> wrapper) throws LaunchException {
        Map<String, String> env = new HashMap<>(baseEnv);
        NOT_INHERITED.forEach(env::remove);
        spec.privileges().account().ifPresent(account -> env.putAll(PrivilegeSteps.accountEnv(account)));
        env.putAll(spec.env());
        env.putIfAbsent("PYTHONUNBUFFERED", "1");
        if (!Files.isDirectory(spec.cwd())) {
            throw new LaunchException("working directory " + spec.cwd() + " does not exist");
        }
        Path executable = CommandResolver.resolve(spec.command(), spec.cwd(), env);
        var argv = new ArrayList<>(wrapper);
        argv.addAll(PrivilegeSteps.words(spec.privileges()));
        argv.add(executable.toString());
        argv.addAll(spec.args());
        return new PreparedLaunch(env, argv);
    }
}

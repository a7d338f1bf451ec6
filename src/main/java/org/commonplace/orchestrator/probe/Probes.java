package org.commonplace.orchestrator.probe;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.spawn.Launcher;

/** Makes the probe for a ready check. */
public final class Probes {
    private Probes() {
    }

    /**
     * {@return the probe that tries the check, or empty for a {@code log} check, which is matched
     * against the process's output lines instead of being probed}
     *
     * @param cwd the process's working directory (where an {@code exec} check runs)
     * @param env the process's extra environment (which an {@code exec} check gets too)
     * @param launcher what starts an {@code exec} check's command, as it starts the processes
     */
    public static Optional<Probe> forCheck(ReadyCheck check, Path cwd, Map<String, String> env, Launcher launcher) {
        return forCheck(check, new LaunchSpec("", java.util.List.of(), cwd, env), launcher);
    }

    /**
     * {@return the probe that tries the check for the process started with {@code process}}: an
     * {@code exec} check runs in its cwd, with its extra environment and as its user, with its limits
     */
    public static Optional<Probe> forCheck(ReadyCheck check, LaunchSpec process, Launcher launcher) {
        return switch (check) {
            case ReadyCheck.Tcp tcp -> Optional.of(new TcpProbe(tcp.host(), tcp.port()));
            case ReadyCheck.Http http -> Optional.of(new HttpProbe(http.url()));
            case ReadyCheck.Exec exec -> Optional.of(new ExecProbe(exec.argv(), process, launcher));
            case ReadyCheck.Mqtt mqtt -> Optional.of(new MqttProbe(mqtt.address()));
            case ReadyCheck.Log log -> Optional.empty();
            case ReadyCheck.Exit exit -> Optional.empty(); // the supervisor sees the exit itself
            case ReadyCheck.MqttMessage message -> Optional.empty(); // the MessageBoard's, not tried again and again
        };
    }
}

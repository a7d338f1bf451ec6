package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.config.ConfigLoader;
import org.commonplace.orchestrator.config.LoadResult;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.Problem;
import org.commonplace.orchestrator.control.ControlServer;
import org.commonplace.orchestrator.control.LogBook;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.runtime.RuntimeDir;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.supervise.Supervisor;

/** Opens the control socket of a run, and gives it the way to reload the config with the run's options. */
final class ControlStep {
    private ControlStep() {
    }

    /**
     * {@return the listening server, or empty when the socket cannot be made (said on the console; the
     * orchestrator runs on without it)}
     *
     * @throws ControlServer.Refused when another orchestrator listens on it, or something else is at its path
     */
    static Optional<ControlServer> open(RunOptions options, Supervisor supervisor, LogBook logs, Console console,
                                        ControlServer.Reloader reloader, CrashStep crashes) throws ControlServer.Refused {
        Path path;
        try {
            path = options.socket != null ? options.socket : RunFiles.of(options.config).socket();
        } catch (IOException | RuntimeDir.Unsafe e) {
            console.error("no control socket (" + e.getMessage() + "); ps, stop, logs and reload cannot reach this orchestrator");
            return Optional.empty();
        }
        try {
            ControlServer server = ControlServer.open(path, supervisor, logs, reloader, console, crashes::latest);
            server.start();
            return Optional.of(server);
        } catch (IOException e) {
            console.error("no control socket at " + path + " (" + e.getMessage()
                    + "); ps, stop, logs and reload cannot reach this orchestrator");
            return Optional.empty();
        }
    }

    /**
     * Loads and plans the config again, as {@code run} did at start-up. What the MQTT connection was
     * made with (broker, instance, prefix, what is published and obeyed, whom it subscribes to for
     * remote dependencies) stays as it started: a new remote dependency is refused, since nothing
     * would ever tell it ready; other changes are said to wait for the next start. The broker handed
     * to children as {@code --mqtt-broker} (and used by their mqtt checks) is the one the run started
     * with too, so that what is said is what happens: a changed {@code mqtt_broker} takes effect at the
     * next start, for us and the children alike (before, children a reload restarted got the new one
     * at once while we stayed on the old). Log files go where the reloaded config places them. A config
     * that can be applied is handed to {@code loaded} first (the file watches follow it).
     */
    static ControlServer.Reloaded reload(RunOptions options, OrchestratorConfig started, LogPlaces places,
                                         java.util.function.BiConsumer<OrchestratorConfig, List<ManagedProcess>> loaded) {
        LoadResult result = new ConfigLoader(options.strict).load(options.config);
        List<String> problems = new ArrayList<>(result.problems().stream().map(Problem::format).toList());
        if (result.hasErrors()) {
            int errors = result.errors().size();
            problems.add(options.config + ": " + errors + (errors == 1 ? " error" : " errors") + "; nothing was changed");
            return new ControlServer.Reloaded(problems, List.of(), false);
        }
        OrchestratorConfig config = result.config().orElseThrow();
        var added = new java.util.TreeSet<>(config.remoteDependencies());
        added.removeAll(started.remoteDependencies());
        if (!added.isEmpty()) {
            problems.add(options.config + ": new remote dependencies (" + String.join(", ", added) + ") need a restart of"
                    + " the orchestrator: it subscribes to them when it starts; nothing was changed");
            return new ControlServer.Reloaded(problems, List.of(), false);
        }
        if (!config.broker().equals(started.broker()) && options.mqttBroker == null) {
            problems.add("warning: mqtt_broker " + config.broker() + " takes effect at the next start; until then the"
                    + " orchestrator and the processes handed --mqtt-broker keep " + started.broker());
        }
        if (!config.fabric().equals(started.fabric())) {
            problems.add("warning: instance, state_topic_prefix, publish_state, mqtt_commands and the MQTT"
                    + " login take effect at the next start");
        }
        try {
            RunPlan plan = RunPlanner.plan(config, options, started.broker());
            var warnings = new ArrayList<String>();
            List<String> refused = places.adopt(options.config, config.logs(),
                    plan.processes().stream().map(p -> p.name()).toList(), warnings);
            if (!refused.isEmpty()) {
                problems.addAll(refused);
                problems.add(options.config + ": the log folders cannot be made; nothing was changed");
                return new ControlServer.Reloaded(problems, List.of(), false);
            }
            plan.warnings().forEach(w -> problems.add("warning: " + w));
            warnings.forEach(w -> problems.add("warning: " + w));
            loaded.accept(config, plan.processes());
            return new ControlServer.Reloaded(problems, plan.processes(), true);
        } catch (UsageException e) {
            problems.add(e.getMessage() + "; nothing was changed");
            return new ControlServer.Reloaded(problems, List.of(), false);
        }
    }
}

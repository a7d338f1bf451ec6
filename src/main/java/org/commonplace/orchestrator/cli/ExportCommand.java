package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: the config for another supervisor: systemd units, or Kubernetes objects. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {ExportSystemdCommand.class, ExportKubernetesCommand.class},
        description = {"Write the config's processes for another supervisor: 'export systemd' (one unit per process "
                + "and a target) or 'export kubernetes' (a Deployment per process, Services for those with a port).",
                "The command lines are run's: --mqtt-broker is appended by the same rule."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageException("export needs what to export to: 'export systemd' or 'export kubernetes'");
    }

    /** The options both exports share: which config, and the broker their command lines are given. */
    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", defaultValue = "commonplace.json",
                description = "The config file (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--mqtt-broker", paramLabel = "ADDR",
                description = "The MQTT broker to append to commonplace programs' arguments, instead of the config's.")
        String mqttBroker;

        /** {@return the loaded config, or empty when it is invalid (said on stderr)} */
        Optional<OrchestratorConfig> load() {
            return ConfigStep.load(config, false, System.err);
        }

        /** {@return the plan run would make without other options} */
        RunPlan plan(OrchestratorConfig loaded) {
            var options = new RunOptions();
            options.config = config;
            options.mqttBroker = mqttBroker;
            RunPlan plan = RunPlanner.plan(loaded, options);
            if (plan.embeddedBroker()) {
                // The exported processes run without the orchestrator, so nothing would start the broker.
                System.err.println("warning: embedded_broker is not exported: the exported processes run without the "
                        + "orchestrator that would provide it; run a broker (mosquitto) at " + plan.broker()
                        + " or give --mqtt-broker ADDR");
            }
            return plan;
        }
    }
}

package org.commonplace.orchestrator.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code check}: validates the config and prints what {@code run} would start, in order. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Validate the config and print the plan: one line per process, then the start order.",
                "Exits 0 when the config is valid, 2 when it is not (every problem is listed)."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "commonplace.json",
            description = "The config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--strict", description = "Treat config warnings (unknown fields) as errors.")
    boolean strict;

    @Override
    public Integer call() {
        var out = System.out;
        var loaded = ConfigStep.load(config, strict, System.err);
        if (loaded.isEmpty()) {
            return ExitCodes.USAGE;
        }
        print(loaded.get(), out);
        return ExitCodes.OK;
    }

    static void print(OrchestratorConfig config, PrintStream out) {
        out.println("config " + config.source() + " is valid; mqtt_broker " + config.broker()
                + (config.brokerDeclared() ? "" : " (default; not declared)")
                + config.brokerProcess().map(name -> "; broker process " + name).orElse(""));
        Path base = config.source().toAbsolutePath().getParent();
        for (ProcessSpec spec : config.processes().values()) {
            var args = BrokerArgRule.apply(spec, spec.args(), config.broker().toString());
            var line = new StringBuilder(spec.name()).append(": ")
                    .append(new LaunchSpec(spec.command(), args, spec.cwd(), spec.env()).commandLine())
                    .append("; depends on ")
                    .append(spec.dependsOn().isEmpty() ? "nothing" : String.join(", ", spec.dependsOn()))
                    .append("; restart ").append(spec.restart().policy().word())
                    .append(" (backoff ").append(spec.restart().backoffMs()).append(" ms, max ")
                    .append(spec.restart().maxBackoffMs()).append(" ms)")
                    .append("; stop SIG").append(spec.stopSignal().name())
                    .append(", timeout ").append(spec.stopTimeoutMs()).append(" ms");
            Path cwd = spec.cwd().toAbsolutePath().normalize();
            if (base != null && !cwd.equals(base.normalize())) {
                line.append("; cwd ").append(cwd);
            }
            if (!spec.env().isEmpty()) {
                line.append("; env ").append(spec.env().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            }
            spec.mqttBrokerArg().ifPresent(b -> line.append("; mqtt_broker_arg ").append(b));
            spec.ready().ifPresent(ready -> line.append("; ready when ").append(ready.describe()));
            out.println(line);
        }
        out.println("start order: " + String.join(", ", config.startOrder()));
    }
}

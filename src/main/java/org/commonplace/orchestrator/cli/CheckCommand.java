package org.commonplace.orchestrator.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.Optional;
import org.commonplace.orchestrator.config.CommandLookup;
import org.commonplace.orchestrator.config.CommonplaceSettings;
import org.commonplace.orchestrator.config.EnvSources;
import org.commonplace.orchestrator.config.ConfigLoader;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.config.ReplicaNames;
import org.commonplace.orchestrator.config.RemoteDependency;
import org.commonplace.orchestrator.graph.DependencyGraph;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.output.ControlChars;
import org.commonplace.orchestrator.spawn.CommandCheck;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code check}: validates the config and prints what {@code run} would start, in order. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Validate the config and print the plan: one line per process, then the start order.",
                "Exits 0 when the config is valid, 2 when it is not (every problem is listed)."})
final class CheckCommand implements Callable<Integer> {
    /**
     * Only check looks programs up, with the PATH it runs with: a warning of what run would meet, not
     * an error even with --strict, since run may have another PATH (a systemd unit's, say).
     */
    static final CommandLookup PROGRAMS = spec -> CommandCheck.problem(
            new LaunchSpec(spec.command(), spec.args(), spec.cwd(), spec.env(), spec.privileges()), System.getenv());

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "commonplace.json",
            description = "The config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--strict", description = {"Treat unknown fields as errors. A program that is not",
            "  found stays a warning: run's PATH may differ."})
    boolean strict;

    @Override
    public Integer call() {
        var out = System.out;
        var loaded = ConfigStep.load(config, new ConfigLoader(strict, PROGRAMS), System.err);
        if (loaded.isEmpty()) {
            return ExitCodes.USAGE;
        }
        // What run would refuse at start: a log folder another user could change.
        var names = List.copyOf(loaded.get().processes().keySet());
        if (!OutputStep.checkFolders(config, loaded.get().logs(), names, System.err)) {
            return ExitCodes.USAGE;
        }
        // And the embedded broker's store folder, as run checks it (run does when it starts the broker).
        var brokerData = loaded.get().embeddedBrokerSettings().persistence().flatMap(d -> BrokerDataFolder.check(config, d));
        if (brokerData.isPresent()) {
            System.err.println(brokerData.get());
            return ExitCodes.USAGE;
        }
        print(loaded.get(), out);
        return ExitCodes.OK;
    }

    /**
     * Prints the plan as {@code run} would make it without options ({@link RunPlanner}), so the
     * dependencies shown include the broker process that whatever gets {@code --mqtt-broker} waits
     * for, and the start order respects them.
     */
    static void print(OrchestratorConfig config, PrintStream terminal) {
        // The config's values (args, env, regexes, paths) may hold any character: each line is
        // printed with its control characters escaped, so a config cannot write to the terminal.
        var out = new EscapingPrinter(terminal);
        out.println("config " + config.source() + " is valid; mqtt_broker " + config.broker()
                + (config.brokerDeclared() ? "" : " (default; not declared)")
                + config.brokerProcess().map(name -> "; broker process " + name).orElse("")
                + (config.embeddedBroker() ? "; embedded broker when none answers there" : ""));
        if (config.brokerDeclared() || config.embeddedBroker()) {
            var fabric = config.fabric();
            out.println("mqtt: instance " + fabric.instance() + "; state "
                    + (fabric.publishState() ? "published under " + fabric.prefix() + "/" + fabric.instance() : "not published")
                    + "; commands " + (fabric.commands() ? "obeyed" : "off")
                    + fabric.username().map(u -> "; user " + u).orElse(""));
        }
        commonplace(config.commonplace()).ifPresent(out::println);
        PrivilegeText.asRoot(config).ifPresent(out::println);
        Path base = config.source().toAbsolutePath().getParent();
        RunPlan plan = RunPlanner.plan(config, new RunOptions());
        var edges = new LinkedHashMap<String, List<String>>();
        for (ManagedProcess process : plan.processes()) {
            // A replica (web.2) is shown with what its group (web) says.
            ProcessSpec spec = config.process(process.replica().isReplica() ? process.replica().group() : process.name())
                    .orElseThrow();
            edges.put(process.name(), process.dependsOn().stream().filter(d -> !RemoteDependency.isRemote(d)).toList());
            var line = new StringBuilder(process.name()).append(": ")
                    .append(process.launch().commandLine())
                    .append("; depends on ").append(dependencies(spec, process))
                    .append("; restart ").append(spec.restart().policy().word())
                    .append(" (backoff ").append(spec.restart().backoffMs()).append(" ms, max ")
                    .append(spec.restart().maxBackoffMs()).append(" ms")
                    .append(spec.restart().limited() ? ", max_restarts " + spec.restart().maxRestarts()
                            + (spec.restart().windowed() ? " within " + spec.restart().withinMs() + " ms" : " in a row") : "")
                    .append(spec.restart().hasSuccessCodes() ? ", success_exit_codes " + spec.restart().successExitCodes() : "")
                    .append(")")
                    .append("; stop SIG").append(spec.stopSignal().name())
                    .append(", timeout ").append(spec.stopTimeoutMs()).append(" ms");
            Path cwd = spec.cwd().toAbsolutePath().normalize();
            if (base != null && !cwd.equals(base.normalize())) {
                line.append("; cwd ").append(cwd);
            }
            if (!spec.env().isEmpty()) {
                line.append("; env ").append(env(spec));
            }
            spec.mqttBrokerArg().ifPresent(b -> line.append("; mqtt_broker_arg ").append(b));
            process.ready().ifPresent(ready -> line.append("; ready when ").append(ready.describe()));
            process.liveness().ifPresent(live -> line.append("; liveness ").append(live.describe()));
            if (spec.silence().on()) {
                line.append("; liveness ").append(spec.silence().describe());
            }
            if (spec.maxMemoryMb() > 0) {
                line.append("; max_memory_mb ").append(spec.maxMemoryMb());
            }
            if (spec.watch().any()) {
                line.append("; restarted when ").append(String.join(", ", spec.watch().paths()))
                        .append(spec.watch().ignore().isEmpty() ? "" : " (not " + String.join(", ", spec.watch().ignore()) + ")")
                        .append(" changes, debounced ").append(spec.watch().debounceMs()).append(" ms");
            }
            spec.schedule().ifPresent(when -> line.append("; runs at '").append(when.cron().text()).append("' (")
                    .append(when.zone()).append(", overlap ").append(when.overlap().word())
                    .append(when.runOnStart() ? ", also at start" : "").append(")"));
            if (process.replica().isReplica()) {
                line.append("; replica ").append(process.replica().index()).append(" of ").append(spec.replicas())
                        .append(" of ").append(spec.name()).append(" (REPLICA=").append(process.replica().index()).append(")");
            }
            if (spec.onFailure().isSet()) {
                line.append("; on failure runs ").append(String.join(" ", spec.onFailure().command()))
                        .append(" (timeout ").append(spec.onFailure().timeoutMs()).append(" ms)");
            }
            PrivilegeText.describe(spec.privileges()).ifPresent(text -> line.append("; ").append(text));
            config.logs().fileOf(spec.name()).ifPresent(f -> line.append("; log ").append(f.path())
                    .append(f.maxSizeMb() == 0 ? " (never rotated)" : " (rotated at " + f.maxSizeMb() + " MB, " + f.maxFiles() + " files kept"
                            + (f.compress() ? ", gzipped" : "") + (f.maxAgeDays() > 0 ? ", deleted after " + f.maxAgeDays() + " days" : "") + ")"));
            out.println(line);
        }
        out.println("start order: " + String.join(", ", startOrder(edges, config)));
        config.logs().orchestratorFile().ifPresent(f -> out.println("our own lines: " + f.path()));
        if (config.watchConfig()) {
            out.println("watch_config: an edit of " + config.source() + " reloads it");
        }
    }

    /**
     * {@return "A=1 DB_PASSWORD=*** (from .env.secret:3)"}: each variable as the process gets it,
     * where an env file gave it, and no value for a name that looks secret.
     */
    static String env(ProcessSpec spec) {
        return spec.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + (EnvSources.secret(e.getKey()) ? "***" : e.getValue())
                        + Optional.ofNullable(spec.envSources().origins().get(e.getKey())).map(o -> " (from " + o + ")").orElse(""))
                .collect(Collectors.joining(" "));
    }

    /** Today's commonplace keys, when the config has any (the default workspace alone is not news). */
    private static Optional<String> commonplace(CommonplaceSettings settings) {
        if (settings.equals(CommonplaceSettings.defaults())) {
            return Optional.empty();
        }
        return Optional.of("commonplace: workspace " + settings.workspace() + " (as "
                + String.join(" and ", CommonplaceSettings.WORKSPACE_VARIABLES) + " for every process)"
                + settings.database().map(d -> "; database " + d + " (--database for the process named server)").orElse("")
                + settings.httpServer().map(u -> "; http_server " + u).orElse("")
                + (settings.managedPaths().isEmpty() ? "" : "; managed_paths " + String.join(", ", settings.managedPaths())));
    }

    /** Prints lines as {@link ControlChars} escapes them. */
    private record EscapingPrinter(PrintStream out) {
        void println(Object line) {
            out.println(ControlChars.escape(String.valueOf(line)));
        }
    }

    /** {@return "store, mosquitto (the broker process)": the configured ones, then what the plan adds} */
    private static String dependencies(ProcessSpec spec, ManagedProcess process) {
        if (process.dependsOn().isEmpty()) {
            return "nothing";
        }
        return process.dependsOn().stream()
                .map(dep -> RemoteDependency.isRemote(dep) ? dep + " (remote: instance " + RemoteDependency.parse(dep).orElseThrow().instance()
                        + " on the broker)" + condition(spec, dep) : spec.dependsOn().contains(dep) ? dep + condition(spec, dep)
                        : ReplicaNames.groupOf(dep).filter(spec.dependsOn()::contains).isPresent()
                        ? dep + condition(spec, ReplicaNames.groupOf(dep).get())
                        : dep + " (the broker process)")
                .collect(Collectors.joining(", "));
    }

    /** {@return " (service_healthy, restart)" for an entry in compose's long syntax; "" for the short form} */
    private static String condition(ProcessSpec spec, String dep) {
        return spec.dependencies().written(dep) ? " (" + spec.dependencies().of(dep).describe() + ")" : "";
    }

    private static List<String> startOrder(Map<String, List<String>> edges, OrchestratorConfig config) {
        try {
            return new DependencyGraph(edges).startOrder();
        } catch (IllegalStateException cycle) {
            // Only the broker's implied edges can close a cycle here (the file's own are rejected on
            // load); the file's order is still the best answer to print.
            return config.startOrder();
        }
    }
}

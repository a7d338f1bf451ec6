package org.commonplace.orchestrator.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.CommonplaceSettings;
import org.commonplace.orchestrator.config.LivenessSpec;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.config.RemoteDependency;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.supervise.Replicas;

/**
 * Turns a valid config and the run options into a {@link RunPlan}: applies {@code --only},
 * {@code --disable} and {@code --extra-args}, the broker argument rule, and decides whether the
 * broker check runs. Every name the options mention must be a process of the config.
 */
final class RunPlanner {
    /** The process {@code --server}'s URL tells the readiness of (today's commonplace's HTTP server). */
    static final String SERVER_PROCESS = "server";
    private RunPlanner() {
    }

    /** @throws UsageException for an unknown name, a bad --extra-args or --mqtt-broker, --only with --disable */
    static RunPlan plan(OrchestratorConfig config, RunOptions options) {
        return plan(config, options, config.broker());
    }

    /**
     * As {@link #plan(OrchestratorConfig, RunOptions)}, with {@code broker} in place of the config's
     * {@code mqtt_broker} (unless {@code --mqtt-broker} names one): a reload plans with the broker the run
     * started with, since the broker is changed at the next start only, for the children as for us.
     *
     * @throws UsageException as the other
     */
    static RunPlan plan(OrchestratorConfig config, RunOptions options, BrokerAddress inEffect) {
        Set<String> disabled = new LinkedHashSet<>(options.disable);
        disabled.forEach(n -> requireProcess(config, "--disable", n));
        if (options.only != null) {
            requireProcess(config, "--only", options.only);
            if (disabled.contains(options.only)) {
                throw new UsageException("--only " + options.only + " and --disable " + options.only
                        + " contradict each other");
            }
        }
        if (options.waitForBrokerSeconds < 0) {
            throw new UsageException("--wait-for-broker " + options.waitForBrokerSeconds + ": must be 0 or more seconds");
        }
        Map<String, List<String>> extra = parseExtraArgs(config, options.extraArgs);
        BrokerAddress broker = inEffect;
        if (options.mqttBroker != null) {
            try {
                broker = BrokerAddress.parse(options.mqttBroker);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--mqtt-broker '" + options.mqttBroker + "': " + e.getMessage());
            }
        }

        Optional<java.net.URI> server = serverUrl(options.server);
        var warnings = new ArrayList<String>();
        var processes = new ArrayList<ManagedProcess>();
        java.util.function.Predicate<String> selected = name -> options.only == null
                ? !disabled.contains(name) : options.only.equals(name);
        // The supervised broker stands in for the start-up check only when it runs in this run.
        Optional<String> brokerProcess = config.brokerProcess().filter(selected);
        boolean anyGetsBroker = false;
        var replicas = new java.util.LinkedHashMap<String, Integer>();
        for (ProcessSpec configured : config.processes().values()) {
            if (!selected.test(configured.name())) {
                continue;
            }
            ProcessSpec spec = configured.withExtraArgs(extra.getOrDefault(configured.name(), List.of()));
            var deps = new ArrayList<String>();
            for (String dep : options.only == null ? spec.dependsOn() : List.<String>of()) {
                if (!config.processes().containsKey(dep) && !RemoteDependency.isRemote(dep)) {
                    // "required": false names a process this config does not have (a warning of the check): nothing to wait for.
                    continue;
                } else if (disabled.contains(dep) && !spec.dependencies().of(dep).required()) {
                    continue; // "required": false: starting without it is what the config asks for
                } else if (disabled.contains(dep)) {
                    warnings.add(spec.name() + " depends on " + dep + ", which is disabled; starting "
                            + spec.name() + " anyway (" + dep + " is assumed to run elsewhere)");
                } else {
                    deps.add(dep);
                }
            }
            boolean getsBroker = BrokerArgRule.wantsBroker(spec);
            anyGetsBroker |= getsBroker && !BrokerArgRule.alreadyHasFlag(spec.args());
            List<String> args = BrokerArgRule.apply(spec, spec.args(), broker.toString());
            if (getsBroker && brokerProcess.isPresent() && !brokerProcess.get().equals(spec.name())
                    && !deps.contains(brokerProcess.get())) {
                // Whatever is handed the broker waits until the supervised broker answers.
                deps.add(brokerProcess.get());
            }
            var launch = new LaunchSpec(spec.command(), args, spec.cwd(), withWorkspace(config, spec.env()), spec.privileges());
            Optional<ReadySpec> ready = readyCheck(spec, config, broker).or(() -> serverHealth(spec, server));
            processes.add(new ManagedProcess(spec.name(), deps, launch, spec.restart(), spec.stopSignal(),
                    spec.stopTimeoutMs(), ready, livenessCheck(spec, config, broker), spec.maxMemoryMb(),
                    spec.dependencies()).withSchedule(spec.schedule()).withSilence(spec.silence()));
            if (spec.replicas() != ProcessSpec.NOT_REPLICATED) {
                replicas.put(spec.name(), spec.replicas());
            }
        }
        // Each replicated process becomes its replicas (web.1 ... web.N); what depends on it, on each of them.
        List<ManagedProcess> supervised = Replicas.expand(processes, replicas);
        boolean embedded = config.embeddedBroker() || options.embeddedBroker;
        if (options.embeddedBroker && config.brokerProcess().isPresent()) {
            throw new UsageException("--embedded-broker: " + config.source() + " already has broker_process \""
                    + config.brokerProcess().get() + "\" to provide the broker; use one or the other");
        }
        if (embedded && config.fabric().commands() && !config.embeddedBrokerSettings().guarded() && !options.allowOpenMqttCommands) {
            // Every local user reaches the embedded broker: without passwords and an ACL, mqtt_commands
            // would let any of them stop and restart our processes.
            throw new UsageException("mqtt_commands on the embedded broker would let every local user start, stop and restart"
                    + " processes: give it a password file and an ACL (\"embedded_broker\": {\"password_file\": ...,"
                    + " \"acl_file\": ...}), or pass --allow-open-mqtt-commands");
        }
        boolean checkBroker = brokerProcess.isEmpty()
                && (config.brokerDeclared() || options.mqttBroker != null || anyGetsBroker || embedded);
        OpenFiles.warning(supervised.size(), OpenFiles.limit()).ifPresent(warnings::add);
        return new RunPlan(supervised, broker, checkBroker, warnings, brokerProcess, embedded);
    }

    /**
     * Every child gets the workspace (today's commonplace's {@code workspace}, default {@code commonplace})
     * as MQTT_WORKSPACE and COMMONPLACE_WORKSPACE, unless its env sets them.
     */
    private static Map<String, String> withWorkspace(OrchestratorConfig config, Map<String, String> env) {
        var all = new java.util.LinkedHashMap<String, String>();
        CommonplaceSettings.WORKSPACE_VARIABLES.forEach(v -> all.put(v, config.commonplace().workspace()));
        all.putAll(env);
        return all;
    }

    /** {@code --server URL}: the process named server is ready when the URL answers, unless it has a check of its own. */
    private static Optional<ReadySpec> serverHealth(ProcessSpec spec, Optional<java.net.URI> server) {
        return server.filter(url -> spec.name().equals(SERVER_PROCESS))
                .map(url -> ReadySpec.withDefaults(new ReadyCheck.Http(url)));
    }

    private static Optional<java.net.URI> serverUrl(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            var url = new java.net.URI(text);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return Optional.of(url);
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        throw new UsageException("--server '" + text + "': expected an http:// or https:// URL with a host, such as http://localhost:5199");
    }

    /** The ready check, with the broker of --mqtt-broker where the check was the config's broker. */
    private static Optional<ReadySpec> readyCheck(ProcessSpec spec, OrchestratorConfig config, BrokerAddress broker) {
        return spec.ready().map(ready -> ready.perReplica().isEmpty() && ready.check() instanceof ReadyCheck.Mqtt mqtt && mqtt.address().equals(config.broker())
                ? new ReadySpec(new ReadyCheck.Mqtt(broker), ready.intervalMs(), ready.timeoutMs())
                : ready);
    }

    /** The liveness check, with the broker of --mqtt-broker where the check was the config's broker (as for ready). */
    private static Optional<LivenessSpec> livenessCheck(ProcessSpec spec, OrchestratorConfig config, BrokerAddress broker) {
        return spec.liveness().map(live -> live.perReplica().isEmpty() && live.check() instanceof ReadyCheck.Mqtt mqtt && mqtt.address().equals(config.broker())
                ? new LivenessSpec(new ReadyCheck.Mqtt(broker), live.intervalMs(), live.failureThreshold(), live.timeoutMs())
                : live);
    }

    private static void requireProcess(OrchestratorConfig config, String option, String name) {
        if (config.process(name).isEmpty()) {
            throw new UsageException(option + " " + name + ": no process named '" + name + "' in " + config.source()
                    + " (it has: " + String.join(", ", config.startOrder()) + ")");
        }
    }

    private static Map<String, List<String>> parseExtraArgs(OrchestratorConfig config, List<String> values) {
        var result = new HashMap<String, List<String>>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--extra-args '" + value + "': expected NAME=ARGS, e.g. --extra-args 'http=--port 3001'");
            }
            String name = value.substring(0, eq);
            requireProcess(config, "--extra-args", name);
            try {
                result.computeIfAbsent(name, n -> new ArrayList<>()).addAll(ShellWords.split(value.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--extra-args " + name + ": " + e.getMessage());
            }
        }
        return result;
    }
}

package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A validated config file.
 *
 * @param source         the file it was read from
 * @param broker         the broker address ({@code mqtt_broker}, default localhost:1883)
 * @param brokerDeclared whether the file names a broker itself (then the broker check always runs)
 * @param processes      the processes in start order (a topological order of depends_on, ties by name)
 * @param brokerProcess  the process that provides the broker ({@code broker_process}), if one does.
 *                       As loaded it is one of {@code processes} and has a {@code ready} check;
 *                       {@link #withProcesses} keeps the name even when it drops that process
 *                       (disabled: the broker is then assumed to be provided elsewhere)
 * @param logs           log files and timestamps ({@code log_dir}, {@code timestamps}, each process's {@code log})
 * @param fabric         the MQTT fabric: instance, topic prefix, what is published and obeyed, credentials
 * @param embeddedBroker whether to run a broker inside the orchestrator when none answers at {@code broker}
 *                       ({@code embedded_broker}; never together with {@code broker_process})
 * @param embeddedBrokerSettings its password file and ACL ({@code embedded_broker} as an object)
 * @param commonplace    today's commonplace keys: database, workspace, http_server, managed_paths
 * @param watchConfig    whether an edit of the config (or of what it reads) is reloaded by itself ({@code watch_config})
 * @param sources        every file it was read from, and its include patterns ({@link LoadResult#sources()});
 *                       {@link ConfigSources#none()} for a config made in memory
 */
public record OrchestratorConfig(
        Path source,
        BrokerAddress broker,
        boolean brokerDeclared,
        SequencedMap<String, ProcessSpec> processes,
        Optional<String> brokerProcess,
        LogSettings logs,
        FabricSettings fabric,
        boolean embeddedBroker,
        EmbeddedBrokerSettings embeddedBrokerSettings,
        CommonplaceSettings commonplace,
        boolean watchConfig,
        ConfigSources sources) {

    /** A config without today's commonplace keys (their defaults), not watched for edits. */
    public OrchestratorConfig(Path source, BrokerAddress broker, boolean brokerDeclared,
                              SequencedMap<String, ProcessSpec> processes, Optional<String> brokerProcess, LogSettings logs,
                              FabricSettings fabric, boolean embeddedBroker, EmbeddedBrokerSettings embeddedBrokerSettings) {
        this(source, broker, brokerDeclared, processes, brokerProcess, logs, fabric, embeddedBroker, embeddedBrokerSettings,
                CommonplaceSettings.defaults(), false, ConfigSources.none());
    }

    public OrchestratorConfig {
        processes = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(processes));
    }

    /** {@return the process names in start order} */
    public List<String> startOrder() {
        return List.copyOf(processes.keySet());
    }

    /** {@return the remote dependencies ({@code INSTANCE/NAME}) of every process, each once} */
    public java.util.Set<String> remoteDependencies() {
        var remote = new java.util.TreeSet<String>();
        processes.values().forEach(p -> p.dependsOn().stream().filter(RemoteDependency::isRemote).forEach(remote::add));
        return remote;
    }

    /** {@return the process of that name, if the config has one} */
    public Optional<ProcessSpec> process(String name) {
        return Optional.ofNullable(processes.get(name));
    }

    /** {@return the same config with the given processes (same order rules apply to the caller)} */
    public OrchestratorConfig withProcesses(Map<String, ProcessSpec> replaced) {
        var copy = new LinkedHashMap<String, ProcessSpec>();
        processes.keySet().forEach(n -> {
            if (replaced.containsKey(n)) {
                copy.put(n, replaced.get(n));
            }
        });
        return new OrchestratorConfig(source, broker, brokerDeclared, copy, brokerProcess, logs, fabric, embeddedBroker,
                embeddedBrokerSettings, commonplace, watchConfig, sources);
    }

    /** {@return the same config, knowing what it was read from} */
    public OrchestratorConfig withSources(ConfigSources read) {
        return new OrchestratorConfig(source, broker, brokerDeclared, processes, brokerProcess, logs, fabric, embeddedBroker,
                embeddedBrokerSettings, commonplace, watchConfig, read);
    }
}

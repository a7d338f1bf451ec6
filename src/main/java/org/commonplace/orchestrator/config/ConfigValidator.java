package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.graph.DependencyGraph;

/**
 * Checks a parsed document as a whole (top-level fields, the processes map, references between
 * processes) and assembles the config when nothing is wrong. Every check runs even after an error,
 * so one run reports everything.
 */
final class ConfigValidator {
    static final List<String> FIELDS = List.of("mqtt_broker", "processes", "broker_process", "log_dir", "timestamps",
            "embedded_broker", "instance", "state_topic_prefix", "publish_state", "mqtt_commands", "mqtt_username",
            "mqtt_password_file", "env_file", "include", "defaults", "database", "workspace", "http_server",
            "managed_paths", "watch_config");

    private final Path file;
    private final Problems problems;
    private final FieldReader read;
    private final ProcessValidator processValidator;
    private final Path baseDir;
    private final Map<String, Path> folders;
    private final Map<Path, ProcessValidator> validators = new java.util.HashMap<>();
    private final EnvFiles envFiles;

    ConfigValidator(Path file, Path baseDir, Problems problems) {
        this(file, baseDir, problems, Map.of(), new EnvFiles(file, problems, name -> Optional.empty(),
                new ConfigSources.Builder()));
    }

    /**
     * @param folders  the folder of the file each included process is written in (the config's
     *                 own processes are absent): their cwd and env files are relative to it
     * @param envFiles reads the env files (top level and per process)
     */
    ConfigValidator(Path file, Path baseDir, Problems problems, Map<String, Path> folders, EnvFiles envFiles) {
        this.file = file;
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.processValidator = new ProcessValidator(problems, baseDir);
        this.baseDir = baseDir;
        this.folders = folders;
        this.envFiles = envFiles;
    }

    /** {@return the config, or empty when any error was found (all of them recorded)} */
    Optional<OrchestratorConfig> validate(JsonNode root) {
        if (!(root instanceof ObjectNode top)) {
            problems.error("", "the top level must be an object {\"processes\": {...}}, got "
                    + FieldReader.describe(root));
            return Optional.empty();
        }
        read.unknownFields("", top, FIELDS);
        Optional<BrokerAddress> broker = broker(top.get("mqtt_broker"));
        Optional<String> brokerProcess = brokerProcess(top.get("broker_process"), top.get("processes"));
        FabricSettings fabric = new FabricValidator(problems, baseDir).validate(top, file);
        Map<String, ProcessSpec> specs = new LinkedHashMap<>();
        boolean brokerNamed = top.has("mqtt_broker")
                || (top.get("embedded_broker") != null && (top.get("embedded_broker").isObject()
                        || top.get("embedded_broker").asBoolean(false)));
        Optional<DependencyGraph> graph = processes(top.get("processes"), specs,
                new DependencyChecks(problems, fabric.instance(), brokerNamed));
        LogSettings logs = new LogValidator(problems, baseDir).validate(top);
        boolean embeddedBroker = embeddedBroker(top.get("embedded_broker"), brokerProcess);
        EmbeddedBrokerSettings embeddedSettings = new EmbeddedBrokerValidator(problems, read, baseDir).validate(top.get("embedded_broker"));
        CommonplaceSettings commonplace = new CommonplaceValidator(problems).validate(top);
        envFiles.readTopLevel(top, baseDir);
        if (top.get("processes") instanceof ObjectNode table) {
            specs.replaceAll((name, spec) -> envFiles.apply(spec, table.get(name), JsonPaths.child("processes", name),
                    folders.getOrDefault(name, baseDir)));
        }
        CommonplaceValidator.applyDatabase(commonplace, specs);
        boolean watchConfig = new WatchValidator(problems).watchConfig(top.get("watch_config"));
        if (problems.errorCount() > 0 || graph.isEmpty()) {
            return Optional.empty();
        }
        BrokerAddress address = broker.orElseGet(() -> BrokerAddress.parse(BrokerAddress.DEFAULT));
        // The broker process is ready when it answers MQTT at the config's address, unless it says
        // otherwise: that is what "provides the broker" means to everything that waits for it.
        brokerProcess.ifPresent(name -> specs.computeIfPresent(name, (n, spec) -> spec.ready().isPresent() ? spec
                : spec.withReady(ReadySpec.withDefaults(new ReadyCheck.Mqtt(address)))));
        var ordered = new LinkedHashMap<String, ProcessSpec>();
        graph.get().startOrder().forEach(name -> ordered.put(name, specs.get(name)));
        return Optional.of(new OrchestratorConfig(file, address, top.has("mqtt_broker"), ordered, brokerProcess, logs,
                fabric, embeddedBroker, embeddedSettings, commonplace, watchConfig, ConfigSources.none()));
    }

    /** A broker run inside the orchestrator and a supervised broker process cannot both provide it. */
    private boolean embeddedBroker(JsonNode node, Optional<String> brokerProcess) {
        boolean embedded = node != null && node.isObject() || read.bool("embedded_broker", node).orElse(false);
        if (embedded && brokerProcess.isPresent()) {
            problems.error("embedded_broker", "true, but broker_process \"" + brokerProcess.get()
                    + "\" already provides the broker; keep one of them");
            return false;
        }
        return embedded;
    }

    private Optional<BrokerAddress> broker(JsonNode node) {
        return read.string("mqtt_broker", node).flatMap(text -> {
            try {
                return Optional.of(BrokerAddress.parse(text));
            } catch (IllegalArgumentException e) {
                problems.error("mqtt_broker", "\"" + text + "\" is not a broker address: " + e.getMessage()
                        + "; use host:port, host, mqtt://host:port or tcp://host:port");
                return Optional.empty();
            }
        });
    }

    /** The name must be a key of {@code processes}; checked on the raw tree, like depends_on. */
    private Optional<String> brokerProcess(JsonNode node, JsonNode processes) {
        return read.string("broker_process", node).filter(name -> {
            if (!(processes instanceof ObjectNode known)) {
                return true; // a bad or missing processes is reported on its own
            }
            if (known.get(name) instanceof ObjectNode broker) {
                // The broker is one address that every process connects to, up from the start to the end.
                for (String key : List.of("replicas", "schedule")) {
                    if (broker.has(key)) {
                        problems.error("broker_process", "'" + name + "' has \"" + key + "\": the broker process runs once,"
                                + " from the start (every process connects to its one address); remove one of them");
                        return false;
                    }
                }
                return true;
            }
            if (known.has(name)) {
                return true;
            }
            List<String> names = known.properties().stream().map(Map.Entry::getKey).toList();
            problems.error("broker_process", "unknown process '" + name + "' " + DependencyChecks.hint(name, names));
            return false;
        });
    }

    private Optional<DependencyGraph> processes(JsonNode node, Map<String, ProcessSpec> specs, DependencyChecks dependencies) {
        if (node == null) {
            problems.errorAt("processes", problems.locations().ofValue(""),
                    "missing required field 'processes' (an object of name -> process; {} for none yet)");
            return Optional.empty();
        }
        Optional<ObjectNode> found = read.object("processes", node, "an object of name -> process");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode processes = found.get();
        if (processes.size() > Limits.MAX_PROCESSES) {
            // Checked before anything else looks at them: each process costs memory and messages.
            problems.error("processes", "has " + processes.size() + " processes; at most " + Limits.MAX_PROCESSES
                    + " are allowed (the limit for a config file)");
            return Optional.empty();
        }
        processes.properties().forEach(p -> {
            String path = JsonPaths.child("processes", p.getKey());
            validatorFor(p.getKey()).validate(p.getKey(), path, p.getValue()).ifPresent(s -> specs.put(p.getKey(), s));
        });
        ReplicaNames.check(problems, specs);
        return Optional.of(dependencies.check(processes));
    }

    /** An included process's cwd is relative to the file it is written in. */
    private ProcessValidator validatorFor(String name) {
        Path folder = folders.get(name);
        if (folder == null) {
            return processValidator;
        }
        return validators.computeIfAbsent(folder, f -> new ProcessValidator(problems, f));
    }
}

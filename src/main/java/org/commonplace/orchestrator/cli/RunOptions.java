package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code run}, shared by the top-level command (where {@code run} is the default). */
final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "commonplace.json",
            description = "The config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--mqtt-broker", paramLabel = "ADDR",
            // One line each: picocli wraps at the line breaks of java.text.BreakIterator, which fall
            // after a ':' ("mqtt: //host:port"), so an address must never be where a line wraps.
            description = {"The MQTT broker, overriding the config's",
                    "  mqtt_broker: host:port, host (port 1883),",
                    "  mqtt://host:port, tcp://host:port, or for IPv6",
                    "  [addr]:port. Naming one makes the start-up",
                    "  broker check run."})
    String mqttBroker;

    @Option(names = "--server", paramLabel = "URL",
            description = {"Today's commonplace: the HTTP server's URL. The process",
                    "  named server is ready when a GET of it answers 2xx,",
                    "  unless its config gives it a ready check of its own."})
    String server;

    @Option(names = "--embedded-broker",
            description = {"When no MQTT broker answers at the broker address,",
                    "  run one there in a JVM of its own (in memory,",
                    "  MQTT 3.1.1; passwords and ACL when the config's",
                    "  embedded_broker names them; bound to loopback unless",
                    "  the address names another host). Also the config's",
                    "  \"embedded_broker\": true."})
    boolean embeddedBroker;

    @Option(names = "--allow-open-mqtt-commands",
            description = {"Obey mqtt_commands on an embedded broker that has no",
                    "  password file and ACL, where every local user may send them."})
    boolean allowOpenMqttCommands;

    @Option(names = "--disable", paramLabel = "NAME",
            description = "Do not run this process (repeatable). Processes that depend on it start anyway, with a warning.")
    List<String> disable = new ArrayList<>();

    @Option(names = "--only", paramLabel = "NAME",
            description = "Run only this process, supervised with its restart policy, without its dependencies.")
    String only;

    @Option(names = "--extra-args", paramLabel = "NAME=ARGS",
            description = "Append ARGS, split like a shell would, to that process's arguments (repeatable), "
                    + "e.g. --extra-args 'http=--port 3001'.")
    List<String> extraArgs = new ArrayList<>();

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Listen for ps, start, stop, logs, reload... on this Unix socket instead of the one derived "
                    + "from the config (in a private runtime directory).")
    java.nio.file.Path socket;

    @Option(names = "--watch-config", description = "Reload the config by itself when it (or a file it reads) is "
            + "edited, 500 ms after the last write; a config with errors changes nothing and is said once. "
            + "Also the config's \"watch_config\": true.")
    boolean watchConfig;

    @Option(names = "--strict", description = "Treat config warnings (unknown fields) as errors.")
    boolean strict;

    @Option(names = "--wait-for-broker", paramLabel = "SECONDS", defaultValue = "0",
            description = "When the MQTT broker does not answer at start-up, keep trying for up to SECONDS "
                    + "instead of exiting at once (at boot, mosquitto and the orchestrator start together). Default: ${DEFAULT-VALUE}.")
    int waitForBrokerSeconds;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the names: auto (when stdout is a terminal and NO_COLOR is not set), always, never. "
                    + "Default: ${DEFAULT-VALUE}.")
    String color = "auto";

    @Option(names = "--timestamps", description = "Start each line with the time it was read "
            + "(ISO 8601, local time with offset, milliseconds); also the config's \"timestamps\": true.")
    boolean timestamps;

    @Option(names = "--utc", description = "Times in UTC (2026-12-01T13:05:09.120Z) instead of local time.")
    boolean utc;

    @Option(names = "--detach",
            description = "Run in the background (a session of its own, output to log_dir/orchestrator-console.log or "
                    + "the runtime directory) and return once every process is ready: exit codes as 'wait' (0 ready, "
                    + "1 failed, 2 timeout).")
    boolean detach;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS",
            description = "With --detach: return after SECONDS with exit code 2 if not everything is ready by then "
                    + "(the orchestrator goes on). Default: wait as long as it takes.")
    Double waitTimeoutSeconds;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text ([name] line) or json (one object per line: time, process, stream, pid, line). "
                    + "Default: ${DEFAULT-VALUE}.")
    String logFormat = "text";
}

package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.commonplace.orchestrator.fleet.Watch;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code watch}: the fleet view of every orchestrator that publishes its state on an MQTT broker. */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show every orchestrator that publishes its state on an MQTT broker (a fleet view across "
                + "machines): each instance, online or offline, and its processes' STATE, PID, RESTARTS, READY, "
                + "HEALTH and LAST EXIT, as the retained messages under PREFIX/ say.",
                "Live by default: on a terminal the picture is redrawn in place as it changes; otherwise one line "
                + "per change ('instance/name state pid N restarts N ready yes|no', 'instance online|offline', "
                + "'instance/name removed'). A lost broker is said on stderr and reconnected with backoff. "
                + "Ctrl+C exits 0.",
                "Exits 0 (also when nobody publishes there: the picture then says so), 1 when the broker cannot be "
                + "reached or refuses the subscription, 2 on a bad flag or config value."})
final class WatchCommand implements Callable<Integer> {
    @Option(names = "--mqtt-broker", paramLabel = "ADDR",
            // One line each, as run's --mqtt-broker: picocli may wrap after the ':' of an address.
            description = {"The broker: host:port, host (port 1883),",
                    "  mqtt://host:port, tcp://host:port, or for IPv6",
                    "  [addr]:port. Default: the config's mqtt_broker,",
                    "  else localhost:1883."})
    String broker;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read mqtt_broker and state_topic_prefix from this config (default: commonplace.json "
                    + "when it exists). Nothing else of it is used.")
    Path config;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "The topic prefix to watch (default: the config's state_topic_prefix, else "
                    + WatchSettings.DEFAULT_PREFIX + ").")
    String prefix;

    @Option(names = "--once", description = "Print the current retained picture and exit 0 (for scripts): it is "
            + "taken once no message came for 0.3 s, at most 3 s after subscribing.")
    boolean once;

    @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "15",
            description = {"The MQTT keep-alive (default: ${DEFAULT-VALUE}, at most 65535): after this long without",
                    "  traffic watch pings the broker, and a broker that does not answer",
                    "  within as long again is lost (one that hangs with its connection open)."})
    int keepAliveS;

    @Override
    public Integer call() throws InterruptedException {
        if (!Watch.keepAliveAllowed(keepAliveS)) {
            throw new UsageException("--keep-alive " + keepAliveS + " is not " + Watch.KEEP_ALIVE_RANGE);
        }
        Watch watch = WatchSettings.resolve(broker, prefix, config).withKeepAlive(keepAliveS);
        if (once) {
            return watch.once(System.out, System.err) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        var stop = new CountDownLatch(1);
        // Ctrl+C, a kill or the terminal closing ends the watch normally: exit 0, cursor restored.
        // A script's background job starts with SIGINT ignored, and the JVM would then quietly not
        // catch it: set back to its default first, as run does (SignalTrap), so kill -INT works.
        SignalTrap.resetToDefault(SignalTrap.SIGINT);
        for (String name : List.of("INT", "TERM", "HUP")) {
            Signal.handle(new Signal(name), s -> stop.countDown());
        }
        return watch.live(Terminal.isTerminal(1), stop, System.out, System.err) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}

package org.commonplace.orchestrator.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.commonplace.orchestrator.config.BrokerAddress;

/**
 * An MQTT broker inside the orchestrator ({@code "embedded_broker": true}, {@code --embedded-broker}),
 * for a machine that has only a JDK: Moquette, in memory, MQTT 3.1.1.
 *
 * <p>It starts only when nothing answers an MQTT CONNECT at the configured address; a broker that
 * already answers there is used instead. It binds where {@link BindPlan} says (loopback unless the
 * address names another host) and is configured so that it writes no file (no persistence, so no
 * {@code ./data}), phones nowhere (telemetry and bugsnag off), opens no websocket port and accepts
 * the empty client id that MQTT 3.1.1 allows. Its SLF4J lines go nowhere (slf4j-nop): a failure to
 * start reaches us as an exception, said in one line.
 *
 * <p>This is the only class that names Moquette's types, and the orchestrator touches it only when
 * the embedded broker is asked for, so no other run loads Moquette or Netty.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /** How long to wait for an answer at the address before deciding that nothing is there. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How long {@link #close} waits. Moquette's stop closes the listening socket and every connection
     * at once, then lets Netty's event loops sit out a quiet period of 2 s; the process exits right
     * after us, so that quiet period is not waited for.
     */
    static final Duration STOP_WAIT = Duration.ofMillis(800);

    /** The largest MQTT message it takes (1 MiB): what one client can make it hold at once, per message. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final Server server;
    private final BindPlan bind;

    private EmbeddedBroker(Server server, BindPlan bind) {
        this.server = server;
        this.bind = bind;
    }

    /** Why the embedded broker could not start; the message is one line naming the address. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * What start-up decided.
     *
     * @param broker the embedded broker when one was started, empty when another one answers
     * @param line   one line for the console saying which broker is used, and where
     */
    public record Start(Optional<EmbeddedBroker> broker, String line) {
    }

    /**
     * Uses the broker that answers at {@code address}, or starts the embedded one there.
     *
     * @throws Refused when the host does not resolve or the address cannot be bound (in use by
     *                 something that is not a broker, or not an address of this machine)
     */
    public static Start startUnlessAnswering(BrokerAddress address) throws Refused {
        Optional<BrokerCheck.Unreachable> problem = BrokerCheck.problem(address, PROBE_TIMEOUT);
        if (problem.isEmpty()) {
            return new Start(Optional.empty(), "an MQTT broker already answers at " + address
                    + "; using it (the embedded broker is not started)");
        }
        BindPlan bind = BindPlan.of(address).orElseThrow(() -> new Refused("cannot start the embedded MQTT broker at "
                + address + ": host '" + address.host() + "' does not resolve"));
        EmbeddedBroker broker = start(bind, problem.get().reason());
        return new Start(Optional.of(broker), describe(bind));
    }

    private static EmbeddedBroker start(BindPlan bind, String whyNoBroker) throws Refused {
        // Before Netty's first class loads: without it, Netty 4.1 calls sun.misc.Unsafe, and Java 25
        // prints four WARNING lines on stderr. Its pooled buffers work as well without it.
        System.setProperty("io.netty.noUnsafe", "true");
        // Netty's pooled allocator reserves a chunk of several MB per arena at the first connection:
        // for a handful of local clients unpooled buffers cost far less memory at rest.
        System.setProperty("io.netty.allocator.type", "unpooled");
        var server = new Server();
        try {
            server.startServer(new MemoryConfig(properties(bind)));
        } catch (IOException | RuntimeException e) {
            // A half-started server holds a scheduler and event loops: release them before saying why.
            stopQuietly(server);
            throw new Refused("cannot start the embedded MQTT broker on " + bind.endpoint() + ": " + reason(e)
                    + " (nothing answered MQTT there: " + whyNoBroker + ")");
        }
        return new EmbeddedBroker(server, bind);
    }

    /** Moquette's settings: everything not named here that could write, listen or call out is off. */
    static Properties properties(BindPlan bind) {
        var p = new Properties();
        p.setProperty("host", bind.host());
        p.setProperty("port", Integer.toString(bind.port()));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("netty.epoll", "false");
        // Moquette's default, 8092 bytes, drops the connection of a client that sends a document.
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        // Flush each write as it is made: a periodic flush would wake every connection's loop.
        p.setProperty("buffer_flush_millis", "immediate");
        return p;
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.strip().toLowerCase(java.util.Locale.ROOT).startsWith("address already in use")
                ? "the port is in use" : message.strip();
    }

    /** {@return the console line: where it listens, and a warning when that is not loopback only} */
    static String describe(BindPlan bind) {
        String where = "embedded MQTT broker (Moquette, in memory, MQTT 3.1.1) listening on " + bind.endpoint();
        return bind.loopback() ? where + " (loopback only)"
                : where + ": OPEN TO THE NETWORK without passwords or ACLs; any host that reaches it can read and "
                        + "publish every topic (bind to 127.0.0.1 unless that is meant; see SECURITY.md)";
    }

    /** {@return where it listens} */
    public String endpoint() {
        return bind.endpoint();
    }

    /**
     * Stops the broker: its port and connections close. Called after every child has stopped.
     * Waits at most {@link #STOP_WAIT}; what remains is Netty's quiet period, which the exit ends.
     */
    @Override
    public void close() {
        Thread stopper = Thread.ofPlatform().daemon().name("embedded-broker-stop").start(() -> stopQuietly(server));
        try {
            stopper.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stopServer();
        } catch (RuntimeException e) {
            // a server that failed half-way complains about what it never made; nothing is left to release
        }
    }
}

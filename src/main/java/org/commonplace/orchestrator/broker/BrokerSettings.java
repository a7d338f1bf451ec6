package org.commonplace.orchestrator.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;

/**
 * What the embedded broker is run with: its JVM's options and caps, Moquette's settings (everything
 * that could write, listen or call out is off unless named), and the line that says where it
 * listens. One place for {@link SupervisedBroker} (which runs it as a process), {@link BrokerProcess}
 * (the broker's own JVM) and {@link EmbeddedBroker} (the unsupervised harness).
 */
final class BrokerSettings {
    private BrokerSettings() {
    }

    /** The largest MQTT message it takes (1 MiB): what one client can make it hold at once, per message. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    /** The broker JVM's heap: what all its clients together can make it hold, retained budget included. */
    static final int HEAP_MB = 64;
    /** With persistence: how often its store is written (what a kill -9 can lose is at most this much). */
    static final int SAVE_SECONDS = 1;
    /** With persistence: how long a persistent session that does not come back is kept (Moquette's format). */
    static final String SESSION_EXPIRY = "7d";
    /** With persistence: Moquette's store file in the folder. */
    static final String STORE_FILE = "moquette_store.h2";
    /** {@return the broker JVM's options: its heap and what else it may hold, small and capped} */
    static List<String> jvmOptions() {
        return List.of("-Xms4m", "-Xmx" + HEAP_MB + "m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData", "-XX:MaxDirectMemorySize=16m",
                "-Djdk.nio.maxCachedBufferSize=262144", "-XX:+ExitOnOutOfMemoryError",
                // Moquette makes one session loop per processor: with one, the packets of all clients are
                // applied in the order its one I/O thread read them (BrokerProcess), as on mosquitto.
                "-XX:ActiveProcessorCount=1");
    }

    /** Moquette's settings: everything not named here that could write, listen or call out is off. */
    static Properties properties(BindPlan bind, boolean passwords) {
        return properties(bind, passwords, Optional.empty());
    }

    /**
     * As {@link #properties(BindPlan, boolean)}; with {@code persistence}, Moquette keeps sessions,
     * subscriptions and queued messages in its H2 MVStore file in that folder ({@link #STORE_FILE}),
     * its queues in the same store (not its segmented queues, which reserve 64 MiB pages), committed
     * every {@link #SAVE_SECONDS} s; {@link RetainedBudget} keeps the retained messages there too.
     */
    static Properties properties(BindPlan bind, boolean passwords, Optional<Path> persistence) {
        var p = new Properties();
        p.setProperty("host", bind.host());
        p.setProperty("port", Integer.toString(bind.port()));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", Boolean.toString(persistence.isPresent()));
        persistence.ifPresent(dir -> {
            p.setProperty("data_path", dir.toString());
            p.setProperty("persistent_queue_type", "h2");
            p.setProperty("autosave_interval", Integer.toString(SAVE_SECONDS));
            // Without an expiry, Moquette 0.17 stores a session it then refuses to load ("Can't track for
            // expiration a session without expiry instant"), and the broker cannot start again. It also
            // bounds the store: a persistent session not seen for a week is dropped with its queue.
            p.setProperty("persistent_client_expiration", SESSION_EXPIRY);
        });
        p.setProperty("allow_anonymous", Boolean.toString(!passwords));
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("netty.epoll", "false");
        // Moquette's default, 8092 bytes, drops the connection of a client that sends a document.
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        // Flush each write as it is made: a periodic flush would wake every connection's loop.
        p.setProperty("buffer_flush_millis", "immediate");
        // Commands waiting per session loop (each may hold a message): a full queue refuses, not grows.
        p.setProperty("session_queue_size", "256");
        // One interceptor thread: Conformance keeps retained messages in the order they are told.
        p.setProperty("intercept.thread_pool.size", "1");
        return p;
    }

    /** {@return the console line: where it listens, and a warning when that is not loopback only} */
    static String describe(BindPlan bind, EmbeddedBrokerSettings settings) {
        String kept = settings.persistence().map(d -> "kept in " + d).orElse("in memory");
        String where = "embedded MQTT broker (Moquette, " + kept + ", MQTT 3.1.1) listening on " + bind.endpoint();
        String guard = settings.passwordFile().isPresent() && settings.aclFile().isPresent() ? " with passwords and an ACL"
                : settings.passwordFile().isPresent() ? " with passwords" : settings.aclFile().isPresent() ? " with an ACL" : "";
        if (bind.loopback()) {
            return where + " (loopback only)" + guard;
        }
        return guard.isEmpty() ? where + ": OPEN TO THE NETWORK without passwords or ACLs; any host that reaches it can read and "
                + "publish every topic (bind to 127.0.0.1 unless that is meant; see SECURITY.md)"
                : where + guard + ", open to the network (no TLS: passwords cross it in the clear)";
    }
}

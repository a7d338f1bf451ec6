package org.commonplace.orchestrator.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.AcceptAllAuthenticator;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.security.PermitAllAuthorizatorPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The embedded broker's JVM ({@link EmbeddedBroker} starts it: {@code BrokerProcess HOST PORT
 * [--password-file FILE] [--acl-file FILE] [--persistence DIR]}, mosquitto's formats: {@link MosquittoPasswords}, {@link MosquittoAcl}).
 * Its first line on stdout is {@link #READY} once Moquette listens, or {@link #REFUSED} and why;
 * later lines are things the orchestrator repeats (its retained budget reached). It ignores SIGINT,
 * SIGTERM and SIGHUP, which a terminal or systemd send to the orchestrator's whole group while the
 * orchestrator still needs it, and ends when its stdin closes.
 */
public final class BrokerProcess {
    static final String READY = "ready";
    static final String REFUSED = "refused: ";
    static final String PASSWORD_FILE = "--password-file";
    static final String ACL_FILE = "--acl-file";
    /** The folder where it keeps retained messages and persistent sessions; without it, it keeps them in memory. */
    static final String PERSISTENCE = "--persistence";
    /** Run by the supervisor: it stops on SIGTERM like any process and its stdin means nothing. */
    static final String SUPERVISED = "--supervised";

    private BrokerProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        boolean supervised = List.of(args).contains(SUPERVISED);
        if (!supervised) {
            for (String name : new String[] {"INT", "TERM", "HUP"}) {
                Signal.handle(new Signal(name), SignalHandler.SIG_IGN);
            }
        }
        // Before Netty's first class loads: without it, Netty 4.1 calls sun.misc.Unsafe, and Java 25
        // prints four WARNING lines on stderr. Its pooled buffers work as well without it.
        System.setProperty("io.netty.noUnsafe", "true");
        // Netty's pooled allocator reserves a chunk of several MB per arena at the first connection:
        // for a handful of local clients unpooled buffers cost far less memory at rest.
        System.setProperty("io.netty.allocator.type", "unpooled");
        // One I/O thread reads every connection, as mosquitto does, so that what one client sent before
        // another's packets is handed on before them (with one session loop, BrokerSettings.jvmOptions):
        // with one per core, a PUBLISH sent after another client's UNSUBSCRIBE could still reach it.
        System.setProperty("io.netty.eventLoopThreads", "1");
        // Netty logs through java.util.logging here: a listener's exception (Moquette's, when a client id
        // is reused while its old connection closes) was printed as a stack trace, which the orchestrator
        // then repeated line by line. Its lines are for no one; ours say what matters.
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        var bind = new BindPlan(args[0], Integer.parseInt(args[1]), true);
        IAuthenticator passwords = null;
        IAuthorizatorPolicy acl = null;
        Optional<Path> persistence = Optional.empty();
        try {
            for (int i = 2; i + 1 < args.length; i++) {
                if (args[i].equals(PASSWORD_FILE)) {
                    passwords = MosquittoPasswords.read(Path.of(args[++i]));
                } else if (args[i].equals(ACL_FILE)) {
                    acl = MosquittoAcl.read(Path.of(args[++i]));
                } else if (args[i].equals(PERSISTENCE)) {
                    persistence = Optional.of(Path.of(args[++i]));
                }
            }
        } catch (MosquittoPasswords.Invalid e) {
            out.println(REFUSED + e.getMessage());
            Runtime.getRuntime().halt(2);
        }
        if (persistence.isPresent()) {
            try {
                MoquetteStore.repairSessions(persistence.get().resolve(BrokerSettings.STORE_FILE));
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.println(REFUSED + "its store in " + persistence.get() + " cannot be read (" + reason(e) + ")");
                Runtime.getRuntime().halt(2);
            }
        }
        var server = new Server();
        var retained = new RetainedBudget(out::println);
        var internals = new AtomicReference<MoquetteInternals>();
        // With an ACL, Moquette is given WriteGate (every publish acknowledged), and a refused one is routed to no one.
        IAuthorizatorPolicy readWrite = acl == null ? new PermitAllAuthorizatorPolicy() : acl;
        WriteGate gate = acl == null ? null : new WriteGate(acl);
        var conformance = new Conformance(retained, new Conformance.InFlight() {
            @Override
            public void remember(String clientId) {
                Optional.ofNullable(internals.get()).ifPresent(i -> i.rememberInFlight(clientId));
            }

            @Override
            public void resend(String clientId) {
                Optional.ofNullable(internals.get()).ifPresent(i -> i.resendInFlight(clientId));
            }
        }, readWrite);
        // Started with its port disabled: it listens (below) once everything it serves is in place.
        var config = new MemoryConfig(BrokerSettings.properties(bind, passwords != null, persistence));
        String port = config.getProperty("port");
        config.setProperty("port", "disabled");
        try {
            // Moquette's defaults when null: anyone may log in (allow_anonymous decides), and read and write everything.
            // CoreThreads: a session loop that dies ends this process, to be started again at once.
            server.startServer(config, List.of(conformance, new CoreThreads()), null, passwords, gate);
        } catch (IOException | RuntimeException e) {
            out.println(REFUSED + reason(e));
            Runtime.getRuntime().halt(2);
        }
        MoquetteInternals.Reach reach = MoquetteInternals.reach(server, retained,
                inner -> gate == null ? new DollarTopics(inner) : new DeniedPublishes(new DollarTopics(inner), gate), out::println);
        reach.internals().ifPresent(internals::set);
        Optional<MoquetteStore.Store> store = Optional.empty();
        try {
            store = MoquetteStore.store(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.println(REFUSED + "its store in " + persistence.map(Path::toString).orElse("memory") + " could not be reached ("
                    + reason(e) + ")");
            Runtime.getRuntime().halt(2);
        }
        store.ifPresent(s -> retained.keepIn(s.retained()));
        // An orderly stop (SIGTERM when supervised) saves what the last second changed; a kill -9 loses at most that.
        Optional<Runnable> save = store.map(MoquetteStore.Store::save);
        save.ifPresent(s -> Runtime.getRuntime().addShutdownHook(new Thread(s, "save-store")));
        // Only now: a client that connects at once finds the retained messages from the store, the caps and the ACL's routing.
        config.setProperty("port", port);
        try {
            MoquetteInternals.listen(server, config, passwords != null ? passwords : new AcceptAllAuthenticator(), new WillGate(readWrite),
                    new RetainFlag(retained::handedOut));
        } catch (Exception e) { // Netty's bind throws its BindException unchecked-ly
            out.println(REFUSED + reason(e));
            Runtime.getRuntime().halt(2);
        }
        WarmUp.run(bind.host(), Integer.parseInt(port));
        out.println(READY);
        reach.problem().ifPresent(why -> out.println("it could not be made to keep MQTT's promises (" + why
                + "): its retained messages are neither limited nor all kept; its heap is still limited"));
        if (supervised) {
            // Until SIGTERM (the supervisor's stop): the JVM's default handling ends it, and with it every connection.
            Thread.currentThread().join();
        }
        while (System.in.read() >= 0) {
            // nothing is sent to it: stdin only tells that the orchestrator is there
        }
        // Saved now when it keeps a store (halt runs no hook). The exit closes the port and every connection at once.
        save.ifPresent(Runnable::run);
        Runtime.getRuntime().halt(0);
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.strip().toLowerCase(Locale.ROOT).startsWith("address already in use")
                ? "the port is in use" : message.strip().replace('\n', ' ');
    }
}

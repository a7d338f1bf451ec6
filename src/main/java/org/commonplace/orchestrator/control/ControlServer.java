package org.commonplace.orchestrator.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.commonplace.orchestrator.model.CrashReport;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.runtime.TrustedPath;
import org.commonplace.orchestrator.runtime.Uid;
import org.commonplace.orchestrator.spawn.GroupUsage;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.supervise.Supervisor;

/**
 * The control socket: a Unix domain socket, 0600, in the private runtime directory (or where
 * {@code --socket} says). This class owns the socket file and its lifetime; the rest is done around it:
 * {@link Acceptor} accepts, {@link Admission} refuses other users at once and gives each client of ours
 * a thread and a slot, {@link Connection} reads its request on that thread ({@link RequestReader},
 * {@link Request}) and hands it to its {@link Verb} ({@link PsVerb}, {@link WatchVerb}, {@link SteerVerb}
 * for start, stop and restart, {@link LogsVerb}, {@link ReloadVerb}, {@link ShutdownVerb}), which
 * answers in the lines {@link Replies} makes. Nothing a client does reaches the supervisor other than
 * as a command event ({@link SupervisorLink}); a client that misbehaves costs only its own thread and slot.
 */
public final class ControlServer implements AutoCloseable {
    /** Loads and plans the config again, for {@code reload}; runs on a client's thread. */
    @FunctionalInterface
    public interface Reloader {
        /** {@return the new processes, or the problems that make the config unusable} */
        Reloaded reload();
    }

    /**
     * @param problems  the config's problems, formatted as {@code check} prints them (warnings included)
     * @param processes the planned processes, in start order; empty when {@code problems} has an error
     * @param valid     whether the config can be applied
     */
    public record Reloaded(List<String> problems, List<ManagedProcess> processes, boolean valid) {
    }

    /** The socket cannot be used because another orchestrator listens on it, or something else is there. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Console console;
    private final ScheduledExecutorService timeouts;
    private final Watchers watchers = new Watchers();
    private final ShutdownVerb shutdown;
    private final Farewell farewell;
    private final Admission admission;
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel server, Supervisor supervisor, LogBook logs, Reloader reloader,
                          Console console, Set<UserPrincipal> allowed, Function<String, Optional<CrashReport>> crashes) {
        this.path = path;
        this.server = server;
        this.console = console;
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("control-timeouts")
                .stackSize(256 * 1024).unstarted(r));
        this.farewell = new Farewell(timeouts);
        var link = new SupervisorLink(supervisor);
        var feed = new WatchFeed(watchers, new UsageSampler(System::nanoTime, Protocol.USAGE_SAMPLE_MS, GroupUsage::of),
                System::nanoTime, Protocol.WATCH_GAP_MS);
        this.shutdown = new ShutdownVerb(link);
        BooleanSupplier isClosed = () -> closed;
        // Map.ofEntries: more verbs than Map.of takes (ten).
        var verbs = Map.<String, Verb>ofEntries(
                Map.entry("ps", new PsVerb(link)),
                Map.entry("watch", new WatchVerb(feed, isClosed)),
                Map.entry("start", new SteerVerb(link, SteerVerb.START)),
                Map.entry("stop", new SteerVerb(link, SteerVerb.STOP)),
                Map.entry("restart", new SteerVerb(link, SteerVerb.RESTART)),
                Map.entry("signal", new SignalVerb(link)),
                Map.entry("wait", new WaitVerb(link)),
                Map.entry("logs", new LogsVerb(link, logs, timeouts, isClosed)),
                Map.entry("reload", new ReloadVerb(link, reloader)),
                Map.entry("scale", new ScaleVerb(link)),
                Map.entry("crash", new CrashVerb(link, crashes)),
                Map.entry("shutdown", shutdown));
        var connection = new Connection(new RequestReader(timeouts), verbs, shutdown, console);
        this.admission = new Admission(allowed, console, farewell, connection::serveAndClose);
    }

    /**
     * Listens on {@code path}: a socket file left there by an orchestrator that died is replaced; a
     * socket that answers (another orchestrator) or anything that is not a socket is refused. Call
     * with the config's lock held, before the supervisor runs and on the thread that will run it (it
     * registers the listener that feeds {@code watch}). Clients are served once {@link #start} is
     * called; until then they wait in the backlog.
     */
    public static ControlServer open(Path path, Supervisor supervisor, LogBook logs, Reloader reloader, Console console)
            throws IOException, Refused {
        return open(path, supervisor, logs, reloader, console, name -> Optional.empty());
    }

    /** As {@link #open(Path, Supervisor, LogBook, Reloader, Console)}, answering {@code crash} from {@code crashes}. */
    public static ControlServer open(Path path, Supervisor supervisor, LogBook logs, Reloader reloader, Console console,
                                     Function<String, Optional<CrashReport>> crashes) throws IOException, Refused {
        checkPlace(path);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0170000) != 0140000) {
                throw new Refused(path + " exists and is not a socket; remove it or name another with --socket");
            }
            if (answers(path)) {
                throw new Refused("another orchestrator listens on " + path);
            }
            Files.delete(path);
        }
        var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path), Protocol.MAX_CLIENTS);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        var lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        Set<UserPrincipal> allowed = new HashSet<>(List.of(lookup.lookupPrincipalByName(Long.toString(
                Uid.effective())), lookup.lookupPrincipalByName("0")));
        var control = new ControlServer(path, server, supervisor, logs, reloader, console, allowed, crashes);
        supervisor.addListener(control.watchers);
        return control;
    }

    /**
     * A {@code --socket} in a folder another user can change would let them plant a socket there first:
     * ours would not start ("another orchestrator listens"), and our clients would talk to theirs. So
     * the folders on the way must pass {@link TrustedPath} (in a sticky folder, as /tmp, others cannot
     * replace what is ours), and what is already at the path must be ours.
     */
    private static void checkPlace(Path path) throws Refused, IOException {
        try {
            TrustedPath.check(path.toAbsolutePath().getParent());
        } catch (TrustedPath.Untrusted e) {
            throw new Refused("refusing the control socket " + path + ": " + e.getMessage());
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != Uid.effective()) {
                throw new Refused("refusing the control socket " + path + ": it belongs to uid " + owner
                        + ", not to us (another user put it there); name another with --socket");
            }
        }
    }

    private static boolean answers(Path path) {
        try (var probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@return where it listens} */
    public Path path() {
        return path;
    }

    /** Starts serving clients on a thread of its own. */
    public void start() {
        var acceptor = new Acceptor(server, admission, farewell, console, () -> closed);
        Thread.ofPlatform().daemon().name("control-accept").stackSize(256 * 1024).start(acceptor::run);
    }

    /** Stops listening, removes the socket file, and tells the clients waiting for the end how it ended. */
    public void close(int exitCode) {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // nothing to do
        }
        shutdown.tellExited(exitCode);
        timeouts.shutdownNow();
    }

    @Override
    public void close() {
        close(0);
    }
}

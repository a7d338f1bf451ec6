package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.commonplace.orchestrator.config.Suggestions;
import org.commonplace.orchestrator.model.Names;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.runtime.TrustedPath;
import org.commonplace.orchestrator.runtime.Uid;
import org.commonplace.orchestrator.spawn.GroupUsage;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.CommandReply;
import org.commonplace.orchestrator.supervise.Event;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.supervise.Supervisor;

/**
 * The control socket: a Unix domain socket, 0600, in the private runtime directory (or where
 * {@code --socket} says). {@link Acceptor} accepts, {@link Admission} refuses other users at once and
 * gives each client of ours a thread and a slot; on that thread this class reads one request line (at
 * most {@link Protocol#MAX_REQUEST_BYTES}, within {@link Protocol#REQUEST_TIMEOUT_MS}), posts it to the
 * supervisor as an event and writes the reply; {@code watch} is served by {@link WatchFeed}. Nothing a
 * client does reaches the supervisor other than as a command event; a client that misbehaves costs
 * only its own thread and slot.
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
    private final Supervisor supervisor;
    private final LogBook logs;
    /** Guards {@link #shutdownRepliesInFlight}: shutdown requests whose first answer is not written yet. */
    private final Object exitLock = new Object();
    private int shutdownRepliesInFlight;
    private final Reloader reloader;
    private final Console console;
    private final ScheduledExecutorService timeouts;
    private final List<SocketChannel> awaitingExit = new CopyOnWriteArrayList<>();
    private final Watchers watchers = new Watchers();
    private final WatchFeed feed = new WatchFeed(watchers, new UsageSampler(System::nanoTime, Protocol.USAGE_SAMPLE_MS, GroupUsage::of),
            System::nanoTime, Protocol.WATCH_GAP_MS);
    private final Farewell farewell;
    private final Admission admission;
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel server, Supervisor supervisor, LogBook logs, Reloader reloader,
                          Console console, Set<UserPrincipal> allowed) {
        this.path = path;
        this.server = server;
        this.supervisor = supervisor;
        this.logs = logs;
        this.reloader = reloader;
        this.console = console;
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("control-timeouts")
                .stackSize(256 * 1024).unstarted(r));
        this.farewell = new Farewell(timeouts);
        this.admission = new Admission(allowed, console, farewell, this::serveAndClose);
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
        Set<UserPrincipal> allowed = new java.util.HashSet<>(List.of(lookup.lookupPrincipalByName(Long.toString(
                Uid.effective())), lookup.lookupPrincipalByName("0")));
        var control = new ControlServer(path, server, supervisor, logs, reloader, console, allowed);
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

    /** Serves one admitted client on its own thread; closes it after, unless it waits to hear how the orchestrator exited. */
    private void serveAndClose(SocketChannel client, Admission.Slot slot) {
        try {
            serve(client, slot);
        } catch (RuntimeException e) {
            console.error("control socket: internal error serving a client: " + e);
        } finally {
            if (!awaitingExit.contains(client)) {
                Quietly.close(client);
            }
        }
    }

    private void serve(SocketChannel client, Admission.Slot slot) {
        JsonNode request;
        try {
            request = readRequest(client);
        } catch (BadRequest e) {
            send(client, Protocol.error(e.error, e.getMessage()));
            return;
        }
        if (request == null) {
            return;
        }
        String cmd = ProcessJson.text(request, "cmd");
        boolean stream = cmd.equals("watch") || cmd.equals("logs") && request.path("follow").asBoolean(false);
        if (stream && !slot.toStream()) {
            send(client, Protocol.error("busy", "too many streams at once (logs -f, watch, top: " + Protocol.MAX_STREAMS
                    + "); try again when one has ended"));
            return;
        }
        switch (cmd) {
            case "ps" -> ps(client);
            case "start", "stop", "restart" -> steer(client, cmd, request);
            case "logs" -> logs(client, request);
            case "watch" -> watch(client, request);
            case "reload" -> reload(client);
            case "shutdown" -> shutdown(client);
            default -> send(client, Protocol.error("unknown_command", cmd.isEmpty() ? "the request has no \"cmd\""
                    : "unknown command '" + cmd + "' (known: ps, watch, start, stop, restart, logs, reload, shutdown)"));
        }
    }

    private static final class BadRequest extends Exception {
        final String error;

        BadRequest(String error, String message) {
            super(message);
            this.error = error;
        }
    }

    /** {@return the request, or null when the client left or timed out without sending one} */
    private JsonNode readRequest(SocketChannel client) throws BadRequest {
        // A blocking read on a channel has no timeout: closing the channel ends it.
        var deadline = timeouts.schedule(() -> {
            send(client, Protocol.error("timeout", "no request within " + Protocol.REQUEST_TIMEOUT_MS + " ms"));
            Quietly.close(client);
        }, Protocol.REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ByteBuffer buffer = ByteBuffer.allocate(Protocol.MAX_REQUEST_BYTES + 1);
        int scanned = 0;
        try {
            while (true) {
                int n = client.read(buffer);
                for (int i = scanned; i < buffer.position(); i++) {
                    if (buffer.get(i) == '\n') {
                        deadline.cancel(false);
                        return parse(buffer.array(), i);
                    }
                }
                scanned = buffer.position();
                if (n < 0) {
                    deadline.cancel(false);
                    return scanned == 0 ? null : parse(buffer.array(), scanned);
                }
                if (!buffer.hasRemaining()) {
                    deadline.cancel(false);
                    throw new BadRequest("too_large", "the request is longer than " + Protocol.MAX_REQUEST_BYTES + " bytes");
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode parse(byte[] bytes, int length) throws BadRequest {
        JsonNode node;
        try {
            node = Protocol.JSON.readTree(bytes, 0, length);
        } catch (IOException e) {
            throw new BadRequest("bad_request", "not a JSON object: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("bad_request", "the request must be one JSON object on one line");
        }
        JsonNode v = node.get("v");
        if (v != null && v.asInt(-1) != Protocol.VERSION) {
            throw new BadRequest("unsupported_version", "this orchestrator speaks protocol version " + Protocol.VERSION);
        }
        return node;
    }

    private CommandReply ask(Command command) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(command, reply));
        return reply.join();
    }

    /**
     * {@return whether the client has closed its end} — a read that must not wait, so a client that
     * says nothing more but stays connected is not mistaken for one that left.
     */
    private static boolean hasLeft(SocketChannel client, ByteBuffer probe) {
        try {
            client.configureBlocking(false);
            probe.clear();
            int n = client.read(probe);
            client.configureBlocking(true);
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Waits for a reply that may take long (a start waits for readiness), giving up when the client leaves. */
    private Optional<CommandReply> askWhileConnected(SocketChannel client, Command command) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(command, reply));
        ByteBuffer probe = ByteBuffer.allocate(1);
        while (true) {
            try {
                return Optional.of(reply.get(1, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                if (hasLeft(client, probe)) {
                    reply.cancel(false); // nobody waits for it any more: its place among the pending replies is free
                    return Optional.empty();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void ps(SocketChannel client) {
        List<ProcessSnapshot> processes = ask(new Command.Snapshot()).processes();
        // An exit is seen by the loop a moment after the process died (its last output is awaited): ask
        // again rather than show a dead pid as running.
        for (int i = 0; i < 10 && processes.stream().anyMatch(ProcessList::deadButLive); i++) {
            Quietly.sleep(50);
            processes = ask(new Command.Snapshot()).processes();
        }
        ObjectNode reply = Protocol.reply(true);
        reply.set("processes", ProcessList.now(processes));
        send(client, reply);
    }

    private List<String> names(JsonNode request) {
        var names = new ArrayList<String>();
        JsonNode array = request.get("names");
        if (array != null && array.isArray()) {
            array.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    /** {@return an error reply naming the unknown processes (with a suggestion), or empty when all are known} */
    private Optional<ObjectNode> unknownNames(List<String> names, List<String> known) {
        var unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        var parts = new ArrayList<String>();
        for (String name : unknown) {
            // What cannot be a name at all is told by the one name rule, not searched for a likeness.
            Optional<String> notAName = name.equals(Names.RESERVED) ? Optional.empty() : Names.problemWithProcess(name);
            parts.add(notAName.orElseGet(() -> "no process named '" + name + "'" + Suggestions.closest(name, known)
                    .map(s -> " (did you mean '" + s + "'?)").orElse("")));
        }
        ObjectNode error = Protocol.error("unknown_process", String.join("; ", parts) + "; known: " + String.join(", ", known));
        ArrayNode array = error.putArray("names");
        unknown.forEach(array::add);
        return Optional.of(error);
    }

    private void steer(SocketChannel client, String cmd, JsonNode request) {
        List<String> names = names(request);
        if (names.isEmpty()) {
            send(client, Protocol.error("bad_request", cmd + " needs at least one process name in \"names\""));
            return;
        }
        List<String> known = ask(new Command.Snapshot()).processes().stream().map(ProcessSnapshot::name).toList();
        Optional<ObjectNode> unknown = unknownNames(names, known);
        if (unknown.isPresent()) {
            send(client, unknown.get());
            return;
        }
        Command command = switch (cmd) {
            case "start" -> new Command.Start(names);
            case "stop" -> new Command.Stop(names, request.path("with_dependents").asBoolean(false));
            default -> new Command.Restart(names);
        };
        askWhileConnected(client, command).ifPresent(reply -> send(client, toJson(reply)));
    }

    private static ObjectNode toJson(CommandReply reply) {
        ObjectNode o = reply.ok() ? Protocol.reply(true) : Protocol.error(reply.error(), reply.message());
        ArrayNode lines = o.putArray("lines");
        reply.lines().forEach(lines::add);
        ArrayNode warnings = o.putArray("warnings");
        reply.warnings().forEach(warnings::add);
        if (!reply.changes().isEmpty()) {
            ObjectNode changes = o.putObject("changes");
            for (String key : List.of("started", "stopped", "restarted", "updated", "kept")) {
                ArrayNode names = changes.putArray(key);
                reply.changes().getOrDefault(key, List.of()).forEach(names::add);
            }
        }
        o.set("processes", ProcessList.now(reply.processes()));
        return o;
    }

    private void logs(SocketChannel client, JsonNode request) {
        List<String> names = names(request);
        var known = new ArrayList<>(ask(new Command.Snapshot()).processes().stream().map(ProcessSnapshot::name).toList());
        known.add("orchestrator");
        Optional<ObjectNode> unknown = unknownNames(names, known);
        if (unknown.isPresent()) {
            send(client, unknown.get());
            return;
        }
        int n = Math.max(0, request.path("lines").asInt(50));
        boolean follow = request.path("follow").asBoolean(false);
        // A reader that stops reading must hold neither this thread nor what it is sent for ever: a
        // write that waits longer than LogFollower.STALL_MS closes the connection, which ends it.
        var stuck = new StuckWrite(System::nanoTime, TimeUnit.MILLISECONDS.toNanos(LogFollower.STALL_MS));
        var check = timeouts.scheduleWithFixedDelay(() -> {
            if (stuck.stuck()) {
                Quietly.close(client);
            }
        }, 1, 1, TimeUnit.SECONDS);
        try (LogFollower follower = follow ? logs.follow(names) : null) {
            if (!send(client, Protocol.reply(true), stuck)) {
                return;
            }
            long last = 0;
            for (LogBook.Line line : logs.tail(names, n)) {
                if (!send(client, lineJson(line), stuck)) {
                    return;
                }
                last = line.seq();
            }
            if (!follow) {
                ObjectNode end = Protocol.JSON.createObjectNode();
                end.put("v", Protocol.VERSION);
                end.put("end", true);
                send(client, end, stuck);
                return;
            }
            follow(client, follower, last, stuck);
        } finally {
            check.cancel(false);
        }
    }

    /**
     * Sends new lines until the client leaves; lines the client did not take in time were dropped,
     * and it is told how many where they were lost.
     */
    private void follow(SocketChannel client, LogFollower follower, long after, StuckWrite stuck) {
        ByteBuffer probe = ByteBuffer.allocate(1);
        while (!closed) {
            LogFollower.Next next;
            try {
                next = follower.poll(500);
            } catch (InterruptedException e) {
                return;
            }
            boolean sent = switch (next) {
                // Nothing to send: has the client gone?
                case null -> !hasLeft(client, probe);
                case LogFollower.Gap gap -> {
                    ObjectNode note = Protocol.JSON.createObjectNode();
                    note.put("v", Protocol.VERSION);
                    note.put("dropped", gap.lines());
                    yield send(client, note, stuck);
                }
                case LogBook.Line line -> line.seq() <= after || send(client, lineJson(line), stuck);
            };
            if (!sent) {
                return;
            }
        }
    }

    /**
     * {@code watch}: the processes now, as {@code ps} answers, then the whole list again after each
     * burst of changes and every {@code interval_ms} (default {@link Protocol#WATCH_INTERVAL_MS}) for
     * fresh RSS and CPU figures; until the client leaves or the orchestrator exits. See {@link WatchFeed}.
     */
    private void watch(SocketChannel client, JsonNode request) {
        long interval = Math.clamp(request.path("interval_ms").asLong(Protocol.WATCH_INTERVAL_MS), 500, 60_000);
        try {
            feed.serve(client, interval, () -> closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode lineJson(LogBook.Line line) {
        ObjectNode o = Protocol.JSON.createObjectNode();
        o.put("v", Protocol.VERSION);
        o.put("name", line.name());
        o.put("stream", line.err() ? "stderr" : "stdout");
        o.put("line", line.decoded());
        return o;
    }

    private void reload(SocketChannel client) {
        Reloaded reloaded = reloader.reload();
        if (!reloaded.valid()) {
            ObjectNode error = Protocol.error("invalid_config", "the config has errors; nothing was changed");
            ArrayNode problems = error.putArray("problems");
            reloaded.problems().forEach(problems::add);
            send(client, error);
            return;
        }
        ObjectNode reply = toJson(ask(new Command.Reload(reloaded.processes())));
        ArrayNode problems = reply.putArray("problems");
        reloaded.problems().forEach(problems::add);
        send(client, reply);
    }

    private void shutdown(SocketChannel client) {
        synchronized (exitLock) {
            shutdownRepliesInFlight++;
        }
        try {
            CommandReply reply = ask(new Command.Shutdown("shutdown asked by a client"));
            awaitingExit.add(client);
            if (!send(client, toJson(reply))) {
                awaitingExit.remove(client);
            }
        } finally {
            synchronized (exitLock) {
                shutdownRepliesInFlight--;
                exitLock.notifyAll();
            }
        }
    }

    /**
     * Waits (at most a second) until every shutdown request has had its first answer: the stop it
     * asked for can be over before its connection thread has written that answer, and the client
     * must hear it, then the end, in that order — not a closed connection.
     */
    private void awaitShutdownReplies() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        synchronized (exitLock) {
            long left;
            while (shutdownRepliesInFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    exitLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean send(SocketChannel client, JsonNode node) {
        ByteBuffer bytes = ByteBuffer.wrap(Protocol.line(node));
        try {
            synchronized (client) {
                while (bytes.hasRemaining()) {
                    client.write(bytes);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@link #send}, with {@code stuck} told when the write begins and ends. */
    private static boolean send(SocketChannel client, JsonNode node, StuckWrite stuck) {
        stuck.begin();
        try {
            return send(client, node);
        } finally {
            stuck.end();
        }
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
        awaitShutdownReplies();
        ObjectNode end = Protocol.JSON.createObjectNode();
        end.put("v", Protocol.VERSION);
        end.put("exited", exitCode);
        for (SocketChannel client : awaitingExit) {
            send(client, end);
            Quietly.close(client);
        }
        timeouts.shutdownNow();
    }

    @Override
    public void close() {
        close(0);
    }
}

package org.commonplace.orchestrator.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal.CtrlCBehaviour;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.commonplace.orchestrator.control.Client;
import org.commonplace.orchestrator.control.Protocol;
import org.commonplace.orchestrator.model.ExitCodes;

/**
 * {@code top}: connects a {@code watch} and a {@code logs -f} to the control socket, takes the
 * terminal (alternate screen, raw keys) and shows the processes live until {@code q}, Ctrl+C or the
 * orchestrator's exit. One thread owns the model and the screen; the two connections and the
 * keyboard each have a thread that only posts events to it, and a restart, stop, start or signal
 * runs on a thread of its own ({@link ActionRequests}), its answer posted as the status line. At rest it wakes once a second (the
 * uptimes) and when the orchestrator pushes something.
 */
public final class Top {
    /** How many recent lines the pane starts with. */
    private static final int BACKLOG = 200;
    /** Redraws at most this often under a flood of output. */
    private static final long MIN_FRAME_MS = 50;

    private sealed interface Event {
    }

    /** A new process list is in {@link #latest}. */
    private record Processes() implements Event {
    }

    private record Line(String name, String text) implements Event {
    }

    private record Pressed(KeyStroke key) implements Event {
    }

    private record Status(String text) implements Event {
    }

    private record Gone() implements Event {
    }

    private record Resized() implements Event {
    }

    private final Path socket;
    /**
     * Bounded: the reading threads wait when the view falls behind (the orchestrator then drops lines
     * for this reader and says how many), so a flood, or a hostile server, cannot fill the memory.
     */
    private static final int MAX_EVENTS = 4096;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>(MAX_EVENTS);
    /** Only the newest list counts: a list waiting to be drawn is replaced, not queued behind. */
    private final AtomicReference<JsonNode> latest = new AtomicReference<>();
    private final TopModel model = new TopModel();
    /** What the keys ask for, each answer posted as the status line. */
    private final ActionRequests requests;

    private Top(Path socket) {
        this.socket = socket;
        this.requests = new ActionRequests(socket, text -> post(new Status(text)));
    }

    /**
     * Runs the view of the orchestrator on {@code socket}; {@code label} names it in the title line.
     * {@return 0 after q or Ctrl+C; 1 when it is not running or went away; 2 without a terminal}
     */
    public static int run(Path socket, String label, PrintStream err) {
        if (System.console() == null || !System.console().isTerminal()) {
            err.println("top needs a terminal (its input and output are not one); use 'ps' or 'logs -f' in scripts");
            return ExitCodes.USAGE;
        }
        Top top = new Top(socket);
        Client watch;
        Client logs;
        try {
            watch = top.open(Protocol.request("watch"), err);
            ObjectNode follow = Protocol.request("logs");
            follow.putArray("names");
            follow.put("lines", BACKLOG);
            follow.put("follow", true);
            logs = top.open(follow, err);
        } catch (Client.NotRunning e) {
            err.println(e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            err.println("cannot reach the orchestrator at " + socket + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (watch == null || logs == null) {
            return ExitCodes.FAILURE;
        }
        try (watch; logs) {
            return top.show(watch, logs, "commonplace-orchestrator top · " + label, err);
        } catch (IOException e) {
            err.println("top: the terminal failed: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /** {@return the connection after its first reply said yes, or null after saying why not} */
    private Client open(ObjectNode request, PrintStream err) throws Client.NotRunning, IOException {
        Client client = Client.connect(socket);
        client.send(request);
        JsonNode reply = client.next();
        if (reply == null || !reply.path("ok").asBoolean()) {
            err.println(reply == null ? "the orchestrator closed the connection without an answer"
                    : Client.safe(reply.path("message").asText(reply.path("error").asText("refused"))));
            client.close();
            return null;
        }
        if (reply.has("processes")) {
            processes(reply.path("processes"));
        }
        return client;
    }

    private int show(Client watch, Client logs, String title, PrintStream err) throws IOException {
        daemon("top-watch", () -> read(watch, line -> processes(line.path("processes"))));
        daemon("top-logs", () -> read(logs, line -> {
            if (line.has("line")) {
                post(new Line(cut(line.path("name").asText()), cut(line.path("line").asText())));
            } else if (line.has("dropped")) {
                post(new Status(line.path("dropped").asLong() + " lines of output were dropped (top did not take them in time)"));
            }
        }));
        // Buffered: a frame goes to the terminal in one write (the screen flushes after each refresh),
        // not one write per escape sequence.
        var out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        var terminal = new UnixTerminal(System.in, out, StandardCharsets.UTF_8, CtrlCBehaviour.TRAP);
        var screen = new TerminalScreen(terminal);
        boolean gone = false;
        screen.startScreen();
        try {
            screen.setCursorPosition(null);
            terminal.addResizeListener((t, size) -> events.offer(new Resized())); // a full queue redraws anyway
            daemon("top-keys", () -> readKeys(screen));
            gone = loop(new TopScreen(screen, title));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            screen.stopScreen();
            terminal.close();
        }
        if (gone) {
            err.println("the orchestrator has gone away (its control socket " + socket + " closed the connection)");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** {@return true when the orchestrator went away, false when the user quit} */
    private boolean loop(TopScreen view) throws IOException, InterruptedException {
        long lastFrame = 0;
        while (true) {
            Event first = events.poll(1, TimeUnit.SECONDS);
            var batch = new java.util.ArrayList<Event>();
            if (first != null) {
                batch.add(first);
                events.drainTo(batch);
            }
            for (Event event : batch) {
                switch (event) {
                    case Processes p -> {
                        JsonNode list = latest.getAndSet(null);
                        if (list != null) {
                            model.processes(list);
                        }
                    }
                    case Line l -> model.line(l.name(), l.text());
                    case Status s -> model.status(s.text());
                    case Resized r -> {
                        // drawn below at the new size
                    }
                    case Gone g -> {
                        return true;
                    }
                    case Pressed k -> {
                        switch (model.key(TopScreen.key(k.key()))) {
                            case Action.Quit q -> {
                                return false;
                            }
                            case Action.Steer s -> requests.steer(s);
                            case Action.Signal s -> requests.signal(s);
                            case Action.None n -> {
                                // only the view changed
                            }
                        }
                    }
                }
            }
            long wait = MIN_FRAME_MS - (System.nanoTime() / 1_000_000 - lastFrame);
            if (wait > 0 && first != null) {
                Thread.sleep(wait);
            }
            view.draw(model, Instant.now());
            lastFrame = System.nanoTime() / 1_000_000;
        }
    }

    private void read(Client client, java.util.function.Consumer<JsonNode> each) {
        try {
            JsonNode line;
            while ((line = client.next()) != null) {
                each.accept(line);
            }
        } catch (IOException e) {
            // the orchestrator went away, or top is leaving
        }
        post(new Gone());
    }

    private void processes(JsonNode list) {
        if (latest.getAndSet(list) == null) {
            post(new Processes());
        }
    }

    /** {@return at most what the pane keeps of a line}: a queued line holds no more memory than that */
    private static String cut(String text) {
        return text.length() > OutputLines.MAX_CHARS ? text.substring(0, OutputLines.MAX_CHARS) : text;
    }

    /** Hands an event to the view's thread, waiting while the queue is full; the status line escapes what it quotes. */
    private void post(Event event) {
        try {
            events.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readKeys(TerminalScreen screen) {
        try {
            while (true) {
                KeyStroke key = screen.readInput();
                if (key != null) {
                    post(new Pressed(key));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the terminal is closing
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread.ofPlatform().daemon().name(name).stackSize(256 * 1024).start(body);
    }
}

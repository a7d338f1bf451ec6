package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.output.Console;

/**
 * Serves one admitted client on its own thread: reads its request, moves it to the stream pool when
 * it opens a stream, hands it to its {@link Verb}, and closes the connection after (unless the verb
 * keeps it for the end: {@link ShutdownVerb}). A client that misbehaves costs only this thread.
 */
final class Connection {
    private final RequestReader reader;
    private final Map<String, Verb> verbs;
    private final ShutdownVerb shutdown;
    private final Console console;

    Connection(RequestReader reader, Map<String, Verb> verbs, ShutdownVerb shutdown, Console console) {
        this.reader = reader;
        this.verbs = Map.copyOf(verbs);
        this.shutdown = shutdown;
        this.console = console;
    }

    /** Serves {@code client}, then closes it unless it waits to hear how the orchestrator exited. */
    void serveAndClose(SocketChannel client, Admission.Slot slot) {
        try {
            serve(client, slot);
        } catch (RuntimeException e) {
            console.error("control socket: internal error serving a client: " + e);
        } finally {
            if (!shutdown.keepsOpen(client)) {
                Quietly.close(client);
            }
        }
    }

    private void serve(SocketChannel client, Admission.Slot slot) {
        Optional<Request> read;
        try {
            read = reader.read(client);
        } catch (Request.Bad e) {
            Replies.send(client, Protocol.error(e.error, e.getMessage()));
            return;
        }
        if (read.isEmpty()) {
            return;
        }
        Request request = read.get();
        if (request.isStream() && !slot.toStream()) {
            Replies.send(client, Protocol.error("busy", "too many streams at once (logs -f, watch, top: " + Protocol.MAX_STREAMS
                    + "); try again when one has ended"));
            return;
        }
        Verb verb = verbs.get(request.cmd());
        if (verb == null) {
            Replies.send(client, Protocol.error("unknown_command", request.cmd().isEmpty() ? "the request has no \"cmd\""
                    : "unknown command '" + Request.cut(request.cmd()) + "' (known: ps, watch, start, stop, restart, signal, wait, logs, reload, shutdown)"));
            return;
        }
        verb.serve(client, request);
    }
}

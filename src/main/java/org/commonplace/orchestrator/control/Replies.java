package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.commonplace.orchestrator.supervise.CommandReply;

/**
 * The reply lines of docs/control.md, and writing them: what each verb sends is built here, so the
 * wire format has one home (the process objects in it are {@link ProcessList}'s).
 */
final class Replies {
    private Replies() {
    }

    /** {@return a command's reply: ok or the error, what was done, warnings, changes of a reload, the processes} */
    static ObjectNode of(CommandReply reply) {
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
        if (!reply.unknown().isEmpty()) {
            ArrayNode unknown = o.putArray("names");
            reply.unknown().forEach(unknown::add);
        }
        o.set("processes", ProcessList.now(reply.processes()));
        return o;
    }

    /** {@return {@code unknown_process}: {@code message} says each unknown name (with a suggestion), {@code names} lists them} */
    static ObjectNode unknownProcesses(String message, List<String> unknown) {
        ObjectNode error = Protocol.error("unknown_process", message);
        ArrayNode array = error.putArray("names");
        unknown.forEach(array::add);
        return error;
    }

    /** {@return one output line for {@code logs}} */
    static ObjectNode logLine(LogBook.Line line) {
        ObjectNode o = versioned();
        o.put("name", line.name());
        o.put("stream", line.err() ? "stderr" : "stdout");
        o.put("line", line.decoded());
        return o;
    }

    /** {@return the note that {@code lines} output lines were dropped for a {@code logs -f} reader} */
    static ObjectNode dropped(long lines) {
        ObjectNode o = versioned();
        o.put("dropped", lines);
        return o;
    }

    /** {@return the end of a {@code logs} without {@code follow}} */
    static ObjectNode end() {
        ObjectNode o = versioned();
        o.put("end", true);
        return o;
    }

    /** {@return what a {@code shutdown} client hears last: how the orchestrator exited} */
    static ObjectNode exited(int exitCode) {
        ObjectNode o = versioned();
        o.put("exited", exitCode);
        return o;
    }

    private static ObjectNode versioned() {
        ObjectNode o = Protocol.NODES.objectNode();
        o.put("v", Protocol.VERSION);
        return o;
    }

    /** Writes one line; {@return false when the client is gone} */
    static boolean send(SocketChannel client, JsonNode node) {
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
    static boolean send(SocketChannel client, JsonNode node, StuckWrite stuck) {
        stuck.begin();
        try {
            return send(client, node);
        } finally {
            stuck.end();
        }
    }
}

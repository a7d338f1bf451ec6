package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.function.Function;
import org.commonplace.orchestrator.model.CrashJson;
import org.commonplace.orchestrator.model.CrashReport;

/**
 * {@code crash}: the last crash of one process ({@code names}: exactly one), for {@code ps NAME} and
 * {@code logs --last-crash NAME}: {@code {"ok": true, "crash": {...}}} in the form of {@link CrashJson},
 * or {@code "crash": null} when it has not crashed in this run.
 */
final class CrashVerb implements Verb {
    private final SupervisorLink link;
    private final Function<String, Optional<CrashReport>> crashes;

    CrashVerb(SupervisorLink link, Function<String, Optional<CrashReport>> crashes) {
        this.link = link;
        this.crashes = crashes;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        if (request.names().size() != 1) {
            Replies.send(client, Protocol.error("bad_request", "crash needs exactly one process name in \"names\""));
            return;
        }
        var unknown = link.unknown(request.names());
        if (unknown.isPresent()) {
            Replies.send(client, unknown.get());
            return;
        }
        ObjectNode reply = Protocol.reply(true);
        Optional<CrashReport> crash = crashes.apply(request.names().getFirst());
        if (crash.isPresent()) {
            reply.set("crash", CrashJson.write(crash.get()));
        } else {
            reply.putNull("crash");
        }
        Replies.send(client, reply);
    }
}

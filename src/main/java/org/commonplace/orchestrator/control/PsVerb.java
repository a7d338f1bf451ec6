package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.channels.SocketChannel;

/**
 * {@code ps}: the processes as the supervisor knows them. Nothing is rewritten here: a pid that has
 * died a moment before the supervisor saw it is shown until it has (a view that peeked at /proc and
 * turned such a process into {@code stopped}, pid null, showed a crash-looping process as stopped in
 * about 5 % of calls; the exit now reaches the supervisor at once, its output drained after).
 */
final class PsVerb implements Verb {
    private final SupervisorLink link;

    PsVerb(SupervisorLink link) {
        this.link = link;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        ObjectNode reply = Protocol.reply(true);
        reply.set("processes", ProcessList.now(link.processes()));
        Replies.send(client, reply);
    }
}

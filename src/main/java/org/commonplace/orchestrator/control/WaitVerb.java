package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;
import org.commonplace.orchestrator.supervise.Command;

/**
 * {@code wait}: answers once the named processes (every process without names) are ready, or as soon
 * as one has failed for good. It may wait long: the client bounds it with its own timeout, and
 * leaving frees the reply's place (see {@link SupervisorLink#askWhileConnected}).
 */
final class WaitVerb implements Verb {
    private final SupervisorLink link;

    WaitVerb(SupervisorLink link) {
        this.link = link;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        link.askWhileConnected(client, new Command.Wait(request.names())).ifPresent(reply -> Replies.send(client, Replies.of(reply)));
    }
}

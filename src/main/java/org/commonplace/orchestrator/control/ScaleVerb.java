package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;
import org.commonplace.orchestrator.supervise.Command;

/**
 * {@code scale}: one name and a {@code count} in, a {@link Command.Scale} to the supervisor, its reply
 * (what was started and stopped) out at once. The supervisor checks the name and the count's range.
 */
final class ScaleVerb implements Verb {
    private final SupervisorLink link;

    ScaleVerb(SupervisorLink link) {
        this.link = link;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        if (request.names().size() != 1 || request.count().isEmpty()) {
            Replies.send(client, Protocol.error("bad_request", "scale needs one process name in \"names\" and a \"count\""));
            return;
        }
        long count = request.count().getAsLong();
        // Out of int's range is out of the supervisor's too; it refuses it with the range.
        int asked = count < 0 || count > Integer.MAX_VALUE ? -1 : (int) count;
        link.askWhileConnected(client, new Command.Scale(request.names().getFirst(), asked))
                .ifPresent(reply -> Replies.send(client, Replies.of(reply)));
    }
}

package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.channels.SocketChannel;
import org.commonplace.orchestrator.supervise.Command;

/**
 * {@code reload}: the config read and planned again (by the {@link ControlServer.Reloader} the command
 * line handed in, on this thread), then applied by the supervisor; a config with errors changes nothing.
 */
final class ReloadVerb implements Verb {
    private final SupervisorLink link;
    private final ControlServer.Reloader reloader;

    ReloadVerb(SupervisorLink link, ControlServer.Reloader reloader) {
        this.link = link;
        this.reloader = reloader;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        ControlServer.Reloaded reloaded = reloader.reload();
        if (!reloaded.valid()) {
            ObjectNode error = Protocol.error("invalid_config", "the config has errors; nothing was changed");
            ArrayNode problems = error.putArray("problems");
            reloaded.problems().forEach(problems::add);
            Replies.send(client, error);
            return;
        }
        ObjectNode reply = Replies.of(link.ask(new Command.Reload(reloaded.processes())));
        ArrayNode problems = reply.putArray("problems");
        reloaded.problems().forEach(problems::add);
        Replies.send(client, reply);
    }
}

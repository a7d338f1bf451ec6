package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Function;
import org.commonplace.orchestrator.supervise.Command;

/**
 * {@code start}, {@code stop} and {@code restart}: names in, one command to the supervisor, its reply
 * out once the processes got there (or cannot now). One instance per verb; they differ only in the
 * command they make ({@link #START}, {@link #STOP}, {@link #RESTART}).
 */
final class SteerVerb implements Verb {
    static final Function<Request, Command> START = r -> new Command.Start(r.names());
    static final Function<Request, Command> STOP = r -> new Command.Stop(r.names(), r.withDependents());
    static final Function<Request, Command> RESTART = r -> new Command.Restart(r.names());

    private final SupervisorLink link;
    private final Function<Request, Command> command;

    SteerVerb(SupervisorLink link, Function<Request, Command> command) {
        this.link = link;
        this.command = command;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        List<String> names = request.names();
        if (names.isEmpty()) {
            Replies.send(client, Protocol.error("bad_request", request.cmd() + " needs at least one process name in \"names\""));
            return;
        }
        // One trip to the loop: it checks the names (see supervise.UnknownNames) as it carries the command out.
        link.askWhileConnected(client, command.apply(request)).ifPresent(reply -> Replies.send(client, Replies.of(reply)));
    }
}

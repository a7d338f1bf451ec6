package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;
import java.util.OptionalInt;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.supervise.Command;

/**
 * {@code signal}: a signal by name ({@code "HUP"}, {@code "SIGUSR1"}, {@code "RTMIN+2"} or its number) to
 * the named processes' groups, or with {@code "main": true} to their main processes alone. A name that
 * is no signal is refused here, in one line, before the supervisor hears of it.
 */
final class SignalVerb implements Verb {
    private final SupervisorLink link;

    SignalVerb(SupervisorLink link) {
        this.link = link;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        if (request.names().isEmpty()) {
            Replies.send(client, Protocol.error("bad_request", "signal needs at least one process name in \"names\""));
            return;
        }
        OptionalInt signal = SignalNames.parse(request.signal());
        if (signal.isEmpty()) {
            Replies.send(client, Protocol.error("bad_signal", request.signal().isEmpty()
                    ? "signal needs a signal in \"signal\", such as \"HUP\""
                    : "'" + Request.cut(request.signal()) + "' is not a signal; use a name such as HUP, TERM, USR1,"
                            + " RTMIN+2 (as kill -l lists them, with or without SIG) or a number 1-31, 34-64"));
            return;
        }
        Replies.send(client, Replies.of(link.ask(new Command.Signal(request.names(), signal.getAsInt(), request.main()))));
    }
}

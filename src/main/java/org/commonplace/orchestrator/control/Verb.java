package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;

/** One command of the protocol, served on the client's own thread. */
interface Verb {
    /** Answers {@code request} on {@code client}; the caller closes the connection after (see {@link ShutdownVerb}). */
    void serve(SocketChannel client, Request request);
}

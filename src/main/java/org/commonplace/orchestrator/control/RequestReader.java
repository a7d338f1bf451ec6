package org.commonplace.orchestrator.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a client's one request line: at most {@link Protocol#MAX_REQUEST_BYTES}, within {@link
 * Protocol#REQUEST_TIMEOUT_MS} (a client that says nothing is told {@code timeout} and closed), then
 * {@link Request#parse checked}.
 */
final class RequestReader {
    private final ScheduledExecutorService timeouts;

    RequestReader(ScheduledExecutorService timeouts) {
        this.timeouts = timeouts;
    }

    /** {@return the request, or empty when the client left or timed out without sending one} */
    Optional<Request> read(SocketChannel client) throws Request.Bad {
        // A blocking read on a channel has no timeout: closing the channel ends it.
        var deadline = timeouts.schedule(() -> {
            Replies.send(client, Protocol.error("timeout", "no request within " + Protocol.REQUEST_TIMEOUT_MS + " ms"));
            Quietly.close(client);
        }, Protocol.REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ByteBuffer buffer = ByteBuffer.allocate(Protocol.MAX_REQUEST_BYTES + 1);
        int scanned = 0;
        try {
            while (true) {
                int n = client.read(buffer);
                for (int i = scanned; i < buffer.position(); i++) {
                    if (buffer.get(i) == '\n') {
                        deadline.cancel(false);
                        return Optional.of(Request.parse(buffer.array(), i));
                    }
                }
                scanned = buffer.position();
                if (n < 0) {
                    deadline.cancel(false);
                    return scanned == 0 ? Optional.empty() : Optional.of(Request.parse(buffer.array(), scanned));
                }
                if (!buffer.hasRemaining()) {
                    deadline.cancel(false);
                    throw new Request.Bad("too_large", "the request is longer than " + Protocol.MAX_REQUEST_BYTES + " bytes");
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

package org.commonplace.orchestrator.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.commonplace.orchestrator.control.Client;
import org.commonplace.orchestrator.control.Protocol;

/**
 * Sends what a key in {@code top} asks for (a restart, stop, start or signal) over a connection of its
 * own, on a thread of its own, so the view never waits for the orchestrator; the answer, or why there
 * is none, is handed on as the status line.
 */
final class ActionRequests {
    private final Path socket;
    private final Consumer<String> status;

    /** @param status gets the answer's one line, on the request's thread (it only posts it to the view's) */
    ActionRequests(Path socket, Consumer<String> status) {
        this.socket = socket;
        this.status = status;
    }

    /** Sends the restart, stop or start. */
    void steer(Action.Steer steer) {
        ObjectNode request = Protocol.request(steer.cmd());
        request.putArray("names").add(steer.name());
        send("top-" + steer.cmd(), request, steer.cmd() + " " + steer.name());
    }

    /** Sends the signal. */
    void signal(Action.Signal signal) {
        ObjectNode request = Protocol.request("signal");
        request.putArray("names").add(signal.name());
        request.put("signal", signal.signal());
        send("top-signal", request, "signal " + signal.name());
    }

    /** @param what names the request in the status line when it has no answer */
    private void send(String thread, ObjectNode request, String what) {
        Thread.ofVirtual().name(thread).start(() -> {
            try (Client client = Client.connect(socket)) {
                client.send(request);
                JsonNode reply = client.next();
                status.accept(reply == null ? what + ": no answer"
                        : reply.path("ok").asBoolean() ? summary(reply) : reply.path("message").asText("refused"));
            } catch (Client.NotRunning | IOException e) {
                status.accept(what + ": " + e.getMessage());
            }
        });
    }

    private static String summary(JsonNode reply) {
        var parts = new ArrayList<String>();
        reply.path("lines").forEach(l -> parts.add(l.asText()));
        reply.path("warnings").forEach(w -> parts.add("warning: " + w.asText()));
        return String.join("; ", parts);
    }
}

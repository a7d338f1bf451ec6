package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.commonplace.orchestrator.model.ExitCodes;

/**
 * The client of {@code wait} (and of {@code run --detach}, which waits the same way): one request,
 * one answer, within the caller's timeout. Exit codes are compose's {@code up --wait}'s: 0 ready,
 * 1 failed for good (or the orchestrator is not running, is stopping, or went away), 2 the timeout
 * (or an unknown process name, a usage error as in every other command).
 */
public final class WaitClient {
    /** The exit code at the timeout. */
    public static final int TIMED_OUT = 2;

    private WaitClient() {
    }

    /**
     * Waits for {@code names} (every process when empty) on the orchestrator at {@code socket}.
     *
     * @param timeout how long to wait at most; empty: as long as it takes
     */
    public static int await(Path socket, List<String> names, Optional<Duration> timeout, PrintStream out, PrintStream err) {
        return await(socket, names, timeout, timeout, out, err);
    }

    /**
     * As {@link #await(Path, List, Optional, PrintStream, PrintStream)}, waiting {@code left} of a
     * timeout the user gave as {@code given} (what the line at the timeout names): {@code run --detach}
     * spent the rest waiting for the socket.
     */
    public static int await(Path socket, List<String> names, Optional<Duration> left, Optional<Duration> given, PrintStream out,
                            PrintStream err) {
        Optional<Duration> timeout = left;
        ObjectNode request = Protocol.request("wait");
        names.forEach(request.putArray("names")::add);
        try (Client client = Client.connect(socket)) {
            client.send(request);
            var answer = new CompletableFuture<JsonNode>();
            Thread.ofVirtual().name("wait-reply").start(() -> {
                try {
                    answer.complete(client.next());
                } catch (IOException e) {
                    answer.completeExceptionally(e);
                }
            });
            JsonNode reply;
            try {
                reply = timeout.isEmpty() ? answer.get() : answer.get(Math.max(1, timeout.get().toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                client.close(); // the orchestrator sees us leave and forgets the wait
                err.println(Client.safe("timed out after " + seconds(given.orElseThrow()) + " waiting for "
                        + notReady(socket, names)));
                return TIMED_OUT;
            } catch (ExecutionException e) {
                err.println(Client.safe(Client.trouble(socket, e.getCause() instanceof IOException io ? io
                        : new IOException(String.valueOf(e.getCause())))));
                return ExitCodes.FAILURE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.FAILURE;
            }
            if (reply == null) {
                err.println("the orchestrator closed the connection without an answer (it has exited)");
                return ExitCodes.FAILURE;
            }
            if (!reply.path("ok").asBoolean()) {
                err.println(Client.safe(reply.path("message").asText(reply.path("error").asText("refused"))));
                return reply.path("error").asText().equals("unknown_process") ? ExitCodes.USAGE : ExitCodes.FAILURE;
            }
            reply.path("lines").forEach(l -> out.println(Client.safe(l.asText())));
            return ExitCodes.OK;
        } catch (Client.NotRunning e) {
            err.println(Client.safe(e.getMessage()));
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            err.println(Client.safe(Client.trouble(socket, e)));
            return ExitCodes.FAILURE;
        }
    }

    /** {@return "5 s", "0.5 s": a timeout as the user gave it} */
    public static String seconds(Duration timeout) {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** {@return "web (starting), db (backing_off)": what is not ready yet, from a {@code ps}; "the processes" when it cannot be asked} */
    private static String notReady(Path socket, List<String> names) {
        try (Client client = Client.connect(socket)) {
            client.send(Protocol.request("ps"));
            JsonNode reply = client.next();
            var parts = new ArrayList<String>();
            if (reply != null) {
                for (JsonNode p : reply.path("processes")) {
                    String name = p.path("name").asText();
                    String state = p.path("state").asText();
                    // A job that ended cleanly did its job (its exit code is what the orchestrator knows to check).
                    boolean done = state.equals("stopped") && !p.path("stopped_by_hand").asBoolean()
                            && p.path("last_exit").path("code").asInt(-1) == 0;
                    if ((names.isEmpty() || names.contains(name)) && !state.equals("running") && !done && parts.size() < 20) {
                        parts.add(name + " (" + state + ")");
                    }
                }
            }
            return parts.isEmpty() ? "the processes" : String.join(", ", parts);
        } catch (Client.NotRunning | IOException e) {
            return "the processes (the orchestrator no longer answers)";
        }
    }
}

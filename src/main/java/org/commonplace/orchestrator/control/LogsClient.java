package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.commonplace.orchestrator.model.ExitCodes;

/**
 * The client's {@code logs}: the last lines, then with {@code follow} new ones until the connection
 * ends. Trusts the reply no more than {@link Client} does: without {@code follow} it reads at most
 * the lines it asked for. On a {@code terminal}, a carriage return inside a line is kept (a progress
 * bar still draws) and followed by the line's prefix again, as the live console does; every other
 * control character is escaped ({@link LogLine}).
 */
final class LogsClient {
    private LogsClient() {
    }

    /**
     * {@return 0 when all was printed; 1 when the orchestrator is not running, went away, or sent what
     * it should not}
     */
    static int run(Path socket, List<String> names, int lines, boolean follow, boolean terminal, PrintStream out,
                           PrintStream err) {
        ObjectNode request = Protocol.request("logs");
        names.forEach(request.putArray("names")::add);
        request.put("lines", lines);
        request.put("follow", follow);
        try (Client client = Client.connect(socket)) {
            client.send(request);
            JsonNode reply = client.next();
            if (reply == null || !reply.path("ok").asBoolean()) {
                return Client.noAnswerOrRefused(reply, err);
            }
            JsonNode next;
            long printed = 0;
            int others = 0;
            while ((next = client.next()) != null) {
                if (!follow && !next.has("line") && ++others > Client.MAX_SHUTDOWN_LINES) {
                    err.println("the orchestrator sent more than an answer to logs; stopped reading (from " + socket + ")");
                    return ExitCodes.FAILURE;
                }
                if (next.has("line")) {
                    if (!follow && ++printed > lines) {
                        out.flush();
                        err.println("the orchestrator sent more than the " + lines + " lines asked for; stopped reading (from "
                                + socket + ")");
                        return ExitCodes.FAILURE;
                    }
                    out.println(LogLine.format(next.path("name").asText(), next.path("line").asText(), terminal));
                } else if (next.has("dropped")) {
                    out.flush();
                    err.println("[orchestrator] " + next.path("dropped").asLong()
                            + " lines were dropped: this reader did not take them in time");
                } else if (next.has("end")) {
                    out.flush();
                    return ExitCodes.OK;
                }
            }
            out.flush();
            err.println("the orchestrator has gone away (its control socket " + socket + " closed the connection)");
            return ExitCodes.FAILURE;
        } catch (Client.NotRunning e) {
            err.println(Client.safe(e.getMessage()));
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            out.flush();
            err.println(Client.safe(Client.trouble(socket, e)));
            return ExitCodes.FAILURE;
        }
    }
}

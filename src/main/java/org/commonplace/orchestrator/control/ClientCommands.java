package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.commonplace.orchestrator.model.ExitCodes;

/**
 * The commands {@code ps}, {@code start}, {@code stop}, {@code restart}, {@code scale}, {@code signal},
 * {@code reload}, {@code shutdown} and {@code logs} as a user runs them against a running orchestrator,
 * each a request over a {@link Client} and its reply printed, each returning its exit code: 0 done;
 * 1 not running (or the orchestrator could not do it); 2 an unknown process or an invalid config.
 * Every text printed from a reply has its control characters escaped ({@link Client#safe}).
 */
public final class ClientCommands {
    private static final int OK = ExitCodes.OK;
    private static final int FAILURE = ExitCodes.FAILURE;

    private ClientCommands() {
    }

    /** {@code ps}: a table, or with {@code json} the array of process objects. */
    public static int ps(Path socket, boolean json, PrintStream out, PrintStream err) {
        try {
            JsonNode reply = Client.exchange(socket, Protocol.request("ps"), err);
            if (!reply.path("ok").asBoolean()) {
                return Client.refused(reply, err);
            }
            if (json) {
                out.println(SafeJson.pretty(reply.path("processes")));
            } else {
                PsTable.print(reply.path("processes"), java.time.Instant.now(), out);
            }
            return OK;
        } catch (Client.Failed e) {
            return e.code;
        } catch (IOException e) {
            err.println(Client.safe(e.getMessage()));
            return FAILURE;
        }
    }

    /** {@code start}, {@code stop} or {@code restart} of {@code names}. */
    public static int steer(Path socket, String cmd, List<String> names, boolean withDependents, PrintStream out, PrintStream err) {
        ObjectNode request = Protocol.request(cmd);
        names.forEach(request.putArray("names")::add);
        if (withDependents) {
            request.put("with_dependents", true);
        }
        try {
            JsonNode reply = Client.exchange(socket, request, err);
            if (!reply.path("ok").asBoolean()) {
                return Client.refused(reply, err);
            }
            reply.path("warnings").forEach(w -> err.println("warning: " + Client.safe(w.asText())));
            reply.path("lines").forEach(l -> out.println(Client.safe(l.asText())));
            return OK;
        } catch (Client.Failed e) {
            return e.code;
        }
    }

    /** {@code scale NAME COUNT}: prints what changed. */
    public static int scale(Path socket, String name, int count, PrintStream out, PrintStream err) {
        ObjectNode request = Protocol.request("scale");
        request.putArray("names").add(name);
        request.put("count", count);
        return linesOf(socket, request, out, err);
    }

    /** {@code signal SIGNAL NAME...}: the signal to each process's group, or with {@code main} to its main process alone. */
    public static int signal(Path socket, List<String> names, String signal, boolean main, PrintStream out, PrintStream err) {
        ObjectNode request = Protocol.request("signal");
        names.forEach(request.putArray("names")::add);
        request.put("signal", signal);
        if (main) {
            request.put("main", true);
        }
        return linesOf(socket, request, out, err);
    }

    /**
     * Sends {@code request}, prints the config's problems a reply has (reload's, on stderr) and then
     * the lines of a yes; {@return the exit code}
     */
    private static int linesOf(Path socket, ObjectNode request, PrintStream out, PrintStream err) {
        try {
            JsonNode reply = Client.exchange(socket, request, err);
            reply.path("problems").forEach(p -> err.println(Client.safe(p.asText())));
            if (!reply.path("ok").asBoolean()) {
                return Client.refused(reply, err);
            }
            reply.path("lines").forEach(l -> out.println(Client.safe(l.asText())));
            return OK;
        } catch (Client.Failed e) {
            return e.code;
        }
    }

    /** {@code reload}: prints what changed, or the config's problems. */
    public static int reload(Path socket, PrintStream out, PrintStream err) {
        return linesOf(socket, Protocol.request("reload"), out, err);
    }

    /** {@code shutdown}: asks for the stop and waits until the orchestrator has exited. */
    public static int shutdown(Path socket, PrintStream out, PrintStream err) {
        try (Client client = Client.connect(socket)) {
            client.send(Protocol.request("shutdown"));
            JsonNode reply = client.next();
            if (reply == null || !reply.path("ok").asBoolean()) {
                return Client.noAnswerOrRefused(reply, err);
            }
            reply.path("lines").forEach(l -> out.println(Client.safe(l.asText())));
            JsonNode next;
            String exited = "";
            int count = 0;
            while ((next = client.next()) != null) {
                if (++count > Client.MAX_SHUTDOWN_LINES) {
                    err.println("the orchestrator sent more than a shutdown's answer; stopped reading (from " + socket + ")");
                    return FAILURE;
                }
                if (next.path("exited").canConvertToInt()) {
                    exited = " (exit code " + next.path("exited").asInt() + ")";
                }
            }
            out.println("the orchestrator has exited" + exited);
            return OK;
        } catch (Client.NotRunning e) {
            err.println(Client.safe(e.getMessage()));
            return FAILURE;
        } catch (IOException e) {
            err.println(Client.safe(Client.trouble(socket, e)));
            return FAILURE;
        }
    }

    /**
     * {@code logs}: the last {@code lines} lines, then with {@code follow} new ones until the
     * connection ends; see {@link LogsClient}. {@return 0 when all was printed; 1 when the orchestrator
     * is not running, went away, or sent what it should not}
     */
    public static int logs(Path socket, List<String> names, int lines, boolean follow, boolean terminal, PrintStream out,
                           PrintStream err) {
        return LogsClient.run(socket, names, lines, follow, terminal, out, err);
    }
}

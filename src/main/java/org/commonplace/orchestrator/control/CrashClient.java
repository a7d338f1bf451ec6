package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.commonplace.orchestrator.model.ExitCodes;

/**
 * The client's {@code ps NAME} (the process's row, then its last crash) and {@code logs --last-crash
 * NAME} (its last crash only). What the orchestrator sent is printed escaped ({@link LogLine}, {@link
 * Client#safe}): a crash's lines are a process's output and may hold anything.
 */
public final class CrashClient {
    private CrashClient() {
    }

    /** {@code ps NAME}: {@return 0; 1 when no orchestrator answers; 2 for an unknown name} */
    public static int ps(Path socket, String name, boolean json, PrintStream out, PrintStream err) {
        try {
            JsonNode crash = crash(socket, name, err);
            JsonNode ps = ask(socket, Protocol.request("ps"), err);
            JsonNode row = null;
            for (JsonNode p : ps.path("processes")) {
                if (p.path("name").asText().equals(name)) {
                    row = p;
                }
            }
            var processes = Protocol.NODES.arrayNode();
            if (row != null) {
                processes.add(row);
            }
            if (json) {
                ObjectNode both = Protocol.NODES.objectNode();
                both.set("process", row);
                both.set("last_crash", crash);
                out.println(SafeJson.pretty(both));
                return ExitCodes.OK;
            }
            PsTable.print(processes, Instant.now(), out);
            out.println();
            print(name, crash, false, out);
            return ExitCodes.OK;
        } catch (Client.Failed e) {
            return e.code;
        } catch (IOException e) {
            err.println(Client.safe(e.getMessage()));
            return ExitCodes.FAILURE;
        }
    }

    /** {@code logs --last-crash NAME}: {@return 0; 1 when no orchestrator answers; 2 for an unknown name} */
    public static int lastCrash(Path socket, String name, boolean terminal, PrintStream out, PrintStream err) {
        try {
            print(name, crash(socket, name, err), terminal, out);
            return ExitCodes.OK;
        } catch (Client.Failed e) {
            return e.code;
        }
    }

    private static JsonNode crash(Path socket, String name, PrintStream err) throws Client.Failed {
        ObjectNode request = Protocol.request("crash");
        request.putArray("names").add(name);
        return ask(socket, request, err).path("crash");
    }

    private static JsonNode ask(Path socket, ObjectNode request, PrintStream err) throws Client.Failed {
        try (Client client = Client.connect(socket)) {
            client.send(request);
            JsonNode reply = client.next();
            if (reply == null || !reply.path("ok").asBoolean()) {
                int code = Client.noAnswerOrRefused(reply, err);
                throw new Client.Failed(code);
            }
            return reply;
        } catch (Client.NotRunning e) {
            err.println(Client.safe(e.getMessage()));
            throw new Client.Failed(ExitCodes.FAILURE);
        } catch (IOException e) {
            err.println(Client.safe(Client.trouble(socket, e)));
            throw new Client.Failed(ExitCodes.FAILURE);
        }
    }

    /** The crash in words, then its lines as {@code logs} prints lines. */
    static void print(String name, JsonNode crash, boolean terminal, PrintStream out) {
        String who = Client.safe(name);
        if (crash == null || !crash.isObject()) {
            out.println(who + " has not crashed since the orchestrator started");
            return;
        }
        JsonNode exit = crash.path("exit");
        String how = exit.has("signal") ? "was killed by " + exit.path("signal").asText()
                + (exit.path("core_dumped").asBoolean() ? " (core dumped)" : "")
                : exit.path("launch_failed").asBoolean() ? "could not be started" : "exited with code " + exit.path("code").asText();
        out.println(Client.safe("last crash of " + name + ": " + crash.path("at").asText() + ", " + how + ", after "
                + crash.path("restarts").asInt() + " restarts" + (crash.path("gave_up").asBoolean() ? "; given up" : "")));
        JsonNode lines = crash.path("lines");
        long omitted = crash.path("lines_omitted").asLong();
        out.println(lines.isEmpty() ? "it wrote nothing before" : "its last " + lines.size() + " lines"
                + (omitted > 0 ? " (" + omitted + " earlier ones left out: too long)" : "") + ":");
        for (JsonNode line : lines) {
            out.println(LogLine.format(name, line.asText(), terminal));
        }
        out.flush();
    }
}

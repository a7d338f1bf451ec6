package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import org.commonplace.orchestrator.runtime.Uid;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * The client side of the control socket: a connection to a running orchestrator (made only to one
 * that runs as us or as root), its request and reply lines, and how an exchange fails, as one line
 * and an exit code: 1 not running (or the orchestrator could not do it); 2 an unknown process or an
 * invalid config. The commands a user runs through it are {@link ClientCommands}, {@link LogsClient},
 * {@link WaitClient} and {@link CrashClient}.
 *
 * <p>What the socket sends is not trusted: {@code --socket} may name another user's socket, answered
 * by a program of theirs. Lines are read within bounds ({@link ReplyReader}), a finite answer within
 * its count, and every text printed from a reply has its control characters escaped ({@link
 * ControlChars}), so a reply can neither move the terminal's cursor nor forge a line of another process.
 */
public final class Client implements AutoCloseable {
    // The exit codes of a client command: the orchestrator's own, from their one home.
    private static final int FAILURE = ExitCodes.FAILURE;
    private static final int USAGE = ExitCodes.USAGE;

    /**
     * A shutdown is answered with a yes, then how the orchestrator exited; {@code logs} without
     * {@code -f} with its lines and an end: more lines than this besides are not an answer.
     */
    static final int MAX_SHUTDOWN_LINES = 16;

    private final SocketChannel channel;
    private final ReplyReader in;
    /** Why the request could not be sent, if it could not: said only when no answer can be read either. */
    private IOException sendFailure;

    private Client(SocketChannel channel) {
        this.channel = channel;
        this.in = new ReplyReader(Channels.newInputStream(channel));
    }

    /** No orchestrator listens on the socket. */
    public static final class NotRunning extends Exception {
        NotRunning(String message) {
            super(message);
        }
    }

    /**
     * Connects to the socket.
     *
     * @throws NotRunning when there is no socket or nothing listens on it
     * @throws IOException when it cannot be reached for another reason (permissions)
     */
    public static Client connect(Path socket) throws NotRunning, IOException {
        if (!java.nio.file.Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new NotRunning("not running (no orchestrator listens on " + socket + ")");
        }
        try {
            return new Client(trusted(SocketChannel.open(UnixDomainSocketAddress.of(socket))));
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("No such file") || m.contains("Connection refused")) {
                throw new NotRunning("not running (no orchestrator listens on " + socket + ")");
            }
            throw e;
        }
    }

    /**
     * {@return the channel, once the process at its other end runs as us or as root} A socket in a
     * folder others can write may be another user's: nothing is sent to it, nothing read from it.
     */
    private static SocketChannel trusted(SocketChannel channel) throws IOException {
        UserPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        var lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        if (!peer.equals(lookup.lookupPrincipalByName(Long.toString(Uid.effective()))) && !peer.equals(lookup.lookupPrincipalByName("0"))) {
            channel.close();
            throw new IOException("it is served by user " + peer.getName() + ", not by us or root; not talking to it");
        }
        return channel;
    }

    /**
     * Sends the request line. When the orchestrator turned the connection away before reading it
     * ({@code busy}, {@code forbidden}), the write fails but its one-line answer is there to read:
     * then no exception, and {@link #next} returns that answer.
     */
    public void send(ObjectNode request) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Protocol.line(request));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            // A broken connection does not block a read: next() returns the answer, or throws this.
            sendFailure = e;
        }
    }

    /**
     * {@return the next reply line, or null when the orchestrator closed the connection}
     *
     * @throws IOException when the connection fails, or the line is too long or not JSON (the
     *                     message then says so in our words, quoting none of it)
     */
    public JsonNode next() throws IOException {
        JsonNode node;
        try {
            node = in.next();
        } catch (ReplyReader.Hostile e) {
            throw e;
        } catch (IOException e) {
            throw sendFailure != null ? sendFailure : e;
        }
        if (node == null && sendFailure != null) {
            throw sendFailure;
        }
        return node;
    }

    /** {@return {@code text} with its control characters escaped: how every text from a reply is printed} */
    public static String safe(String text) {
        return ControlChars.escape(text);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** One request, the first reply; prints "not running" and the like itself. */
    static JsonNode exchange(Path socket, ObjectNode request, PrintStream err) throws Failed {
        try (Client client = connect(socket)) {
            client.send(request);
            JsonNode reply = client.next();
            if (reply == null) {
                throw new Failed(err, "the orchestrator closed the connection without an answer", FAILURE);
            }
            return reply;
        } catch (NotRunning e) {
            throw new Failed(err, e.getMessage(), FAILURE);
        } catch (IOException e) {
            throw new Failed(err, trouble(socket, e), FAILURE);
        }
    }

    /** {@return the one line that says why talking to the orchestrator failed} */
    static String trouble(Path socket, IOException e) {
        return e instanceof ReplyReader.Hostile ? e.getMessage() + " (from " + socket + ")"
                : "cannot reach the orchestrator at " + socket + ": " + e.getMessage();
    }

    /** The client's command failed; the message has been printed; {@link #code} is its exit code. */
    public static final class Failed extends Exception {
        public final int code;

        /** Failed, and already said why. */
        Failed(int code) {
            super("exit " + code);
            this.code = code;
        }

        Failed(PrintStream err, String message, int code) {
            super(message);
            err.println(safe(message));
            this.code = code;
        }
    }

    /** Prints an error reply; {@return its exit code} */
    static int refused(JsonNode reply, PrintStream err) {
        err.println(safe(reply.path("message").asText(reply.path("error").asText("refused"))));
        String error = reply.path("error").asText();
        return error.equals("unknown_process") || error.equals("invalid_config") || error.equals("bad_signal") ? USAGE : FAILURE;
    }

    /** Says why the first reply is not a yes: there was none, or it is an error; {@return the exit code} */
    static int noAnswerOrRefused(JsonNode reply, PrintStream err) {
        if (reply == null) {
            err.println("the orchestrator closed the connection without an answer");
            return FAILURE;
        }
        return refused(reply, err);
    }
}

package org.commonplace.orchestrator.control;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.commonplace.orchestrator.output.Console;

/**
 * Accepts connections on the control socket and hands each to {@link Admission}. When the process is
 * out of open files (EMFILE: more children than {@code ulimit -n} allows), accept() fails while the
 * client waits in the backlog — retried at once, that is a busy loop printing the error thousands of
 * times a second. Instead one descriptor is kept in reserve: it is closed, the waiting client
 * accepted, told {@code busy} and closed, and the reserve taken back; the accepting backs off (up to
 * {@link #MAX_BACKOFF_MS}), and it is said once, and once more when a client is accepted again.
 */
final class Acceptor {
    /** The longest pause between two accepts that failed. */
    static final long MAX_BACKOFF_MS = 1000;
    private static final Path RESERVE = Path.of("/dev/null");

    private final ServerSocketChannel server;
    private final Admission admission;
    private final Farewell farewell;
    private final Console console;
    private final BooleanSupplier closed;
    private FileChannel reserve;

    Acceptor(ServerSocketChannel server, Admission admission, Farewell farewell, Console console, BooleanSupplier closed) {
        this.server = server;
        this.admission = admission;
        this.farewell = farewell;
        this.console = console;
        this.closed = closed;
        this.reserve = openReserve();
    }

    /** Accepts until the socket is closed; runs on the accepting thread. */
    void run() {
        long backoff = 0;
        boolean outOfFiles = false;
        String lastError = null;
        while (!closed.getAsBoolean()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed.getAsBoolean()) {
                    return;
                }
                String message = String.valueOf(e.getMessage());
                if (message.contains("Too many open files")) {
                    if (!outOfFiles) {
                        outOfFiles = true;
                        console.error("control socket: out of open files (" + message + "; ulimit -n); clients are answered"
                                + " busy until some are free");
                    }
                    turnAwayWithReserve();
                } else if (!message.equals(lastError)) {
                    console.error("control socket: " + message);
                }
                lastError = message;
                backoff = Math.min(MAX_BACKOFF_MS, Math.max(10, backoff * 2));
                Quietly.sleep(backoff);
                continue;
            }
            backoff = 0;
            lastError = null;
            if (outOfFiles) {
                outOfFiles = false;
                console.info("control socket: accepting again (open files are free again)");
            }
            if (reserve == null) {
                reserve = openReserve();
            }
            admission.admit(client);
        }
    }

    /** The classic way out of EMFILE: free the reserve, take the client that waits, tell it why, take the reserve back. */
    private void turnAwayWithReserve() {
        if (reserve != null) {
            Quietly.close(reserve);
            reserve = null;
        }
        try {
            SocketChannel client = server.accept();
            farewell.sayAndClose(client, Protocol.error("busy", "the orchestrator is out of open files (ulimit -n);"
                    + " try again when fewer processes run"));
        } catch (IOException e) {
            // still none free: the client waits in the backlog for the next try
        }
        reserve = openReserve();
    }

    private static FileChannel openReserve() {
        try {
            return FileChannel.open(RESERVE);
        } catch (IOException e) {
            return null;
        }
    }
}

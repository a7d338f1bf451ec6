package org.commonplace.orchestrator.control;

import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.CommandReply;

/**
 * {@code shutdown}: stop everything, answer at once, and keep the connection open until the
 * orchestrator has exited, to tell the client how ({@link #tellExited}).
 */
final class ShutdownVerb implements Verb {
    /**
     * How long {@link #tellExited} waits for first answers not written yet: only a client that does
     * not read a reply larger than its socket's buffer makes it wait that long. (It was one second,
     * which is short for building and writing an answer on a heavily loaded machine.)
     */
    static final long FIRST_ANSWER_WAIT_NANOS = 5_000_000_000L;

    private final SupervisorLink link;
    /** Guards {@link #repliesInFlight}: shutdown requests whose first answer is not written yet. */
    private final Object lock = new Object();
    private int repliesInFlight;
    private final List<SocketChannel> awaitingExit = new CopyOnWriteArrayList<>();

    ShutdownVerb(SupervisorLink link) {
        this.link = link;
    }

    @Override
    public void serve(SocketChannel client, Request request) {
        synchronized (lock) {
            repliesInFlight++;
        }
        try {
            CommandReply reply = link.ask(new Command.Shutdown("shutdown asked by a client"));
            awaitingExit.add(client);
            if (!Replies.send(client, Replies.of(reply))) {
                awaitingExit.remove(client);
            }
        } finally {
            synchronized (lock) {
                repliesInFlight--;
                lock.notifyAll();
            }
        }
    }

    /** {@return whether the connection stays open after its request: it waits to hear how the orchestrator exited} */
    boolean keepsOpen(SocketChannel client) {
        return awaitingExit.contains(client);
    }

    /**
     * Tells every client waiting for the end how it ended, and closes them. First waits (at most
     * {@link #FIRST_ANSWER_WAIT_NANOS}) until every shutdown request has had its first answer: the
     * stop it asked for can be over before its connection thread has written that answer, and the
     * client must hear it, then the end, in that order — not a closed connection.
     */
    void tellExited(int exitCode) {
        long deadline = System.nanoTime() + FIRST_ANSWER_WAIT_NANOS;
        synchronized (lock) {
            long left;
            while (repliesInFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (SocketChannel client : awaitingExit) {
            Replies.send(client, Replies.exited(exitCode));
            Quietly.close(client);
        }
    }
}

package org.commonplace.orchestrator.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.commonplace.orchestrator.output.Console;

/**
 * Who is served, and in which pool. A client of another user is answered {@code forbidden} and
 * closed at once, on the accepting thread: it never holds a slot or a thread. A client of ours takes
 * a slot of the request pool ({@link Protocol#MAX_CLIENTS}) while its request is read and served; a
 * request that turns out to be a long-lived stream ({@code logs -f}, {@code watch}) moves to the stream
 * pool ({@link Protocol#MAX_STREAMS}) and frees its request slot, so streams, however many and however
 * slow their readers, never leave {@code ps}, {@code stop} or {@code shutdown} without room. A client
 * that finds its pool full is told {@code busy} in one line.
 */
final class Admission {
    /** How often refusals of one user are said, after the first. */
    static final long REFUSAL_NOTE_NANOS = 10_000_000_000L;

    private final Set<UserPrincipal> allowed;
    private final Console console;
    private final Farewell farewell;
    private final BiConsumer<SocketChannel, Slot> serve;
    private final Semaphore requests = new Semaphore(Protocol.MAX_CLIENTS);
    private final Semaphore streams = new Semaphore(Protocol.MAX_STREAMS);
    /** Per refused user: refusals not said yet, and when one was last said. Used on the accepting thread only. */
    private final Map<String, long[]> refusals = new HashMap<>();

    /** {@code serve} runs on the connection's own thread; it closes the connection when it is done with it. */
    Admission(Set<UserPrincipal> allowed, Console console, Farewell farewell, BiConsumer<SocketChannel, Slot> serve) {
        this.allowed = allowed;
        this.console = console;
        this.farewell = farewell;
        this.serve = serve;
    }

    /** Lets {@code client} in, or turns it away in one line; called on the accepting thread, never waits. */
    void admit(SocketChannel client) {
        Optional<String> refusal = checkPeer(client);
        if (refusal.isPresent()) {
            farewell.say(client, Protocol.error("forbidden", refusal.get()));
            return;
        }
        if (!requests.tryAcquire()) {
            farewell.say(client, Protocol.error("busy", "too many requests at once (" + Protocol.MAX_CLIENTS + "); try again"));
            return;
        }
        Slot slot = new Slot();
        try {
            Thread.ofPlatform().daemon().name("control-client").stackSize(256 * 1024).start(() -> {
                try {
                    serve.accept(client, slot);
                } finally {
                    slot.release();
                }
            });
        } catch (OutOfMemoryError e) {
            // No thread to be had (the limit of threads): this client only is turned away.
            slot.release();
            farewell.say(client, Protocol.error("busy", "the orchestrator cannot start a thread for this request; try again"));
        }
    }

    /** {@return why the peer may not use the socket, or empty when it is us or root} */
    private Optional<String> checkPeer(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (allowed.contains(peer.user())) {
                return Optional.empty();
            }
            noteRefusal(peer.user().getName());
            return Optional.of("user " + peer.user().getName() + " may not use this socket");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot tell who the client is: " + e.getMessage());
        }
    }

    /** Says the first refusal of a user, then how many more at most once per {@link #REFUSAL_NOTE_NANOS}. */
    private void noteRefusal(String user) {
        long now = System.nanoTime();
        long[] note = refusals.get(user);
        if (note == null) {
            if (refusals.size() >= 64) {
                refusals.clear();
            }
            refusals.put(user, new long[] {0, now});
            console.error("control socket: refused a client of user " + user
                    + " (only the orchestrator's user and root may steer it)");
            return;
        }
        note[0]++;
        if (now - note[1] >= REFUSAL_NOTE_NANOS) {
            console.error("control socket: refused " + note[0] + " more client" + (note[0] == 1 ? "" : "s") + " of user " + user);
            note[0] = 0;
            note[1] = now;
        }
    }

    /** The slot a served connection holds: first in the request pool, perhaps moved to the stream pool. */
    final class Slot {
        private boolean stream;
        private boolean released;

        /** {@return whether the connection now holds a stream slot (its request slot freed); false when that pool is full} */
        synchronized boolean toStream() {
            if (stream) {
                return true;
            }
            if (released || !streams.tryAcquire()) {
                return false;
            }
            requests.release();
            stream = true;
            return true;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                (stream ? streams : requests).release();
            }
        }
    }
}

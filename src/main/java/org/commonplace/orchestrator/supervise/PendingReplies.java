package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The replies to start, stop and restart that wait for processes to get where they were sent, checked
 * after every event. At most {@link #MAX}: every one is looked at after each event, so their number
 * is what an event costs; a command that would make one more is refused {@code busy} before it is
 * carried out. Clients of the socket (64 at most) and of the broker (16 at a time) stay well below.
 * Loop thread only.
 */
final class PendingReplies {
    /** Replies that may wait at once. */
    static final int MAX = 256;

    private record Pending(Supplier<Optional<CommandReply>> check, CompletableFuture<CommandReply> reply) {
    }

    private final List<Pending> pending = new ArrayList<>();

    /** {@return whether no reply may wait now (a command that might have to is refused)} */
    boolean full() {
        return pending.size() >= MAX;
    }

    /**
     * Completes {@code reply} when {@code check} says what it is: at once, or after a later event.
     * Call only when not {@link #full}.
     */
    void await(CompletableFuture<CommandReply> reply, Supplier<Optional<CommandReply>> check) {
        var p = new Pending(check, reply);
        if (!complete(p)) {
            pending.add(p);
        }
    }

    private static boolean complete(Pending p) {
        if (p.reply().isDone()) {
            return true;
        }
        Optional<CommandReply> done = p.check().get();
        done.ifPresent(p.reply()::complete);
        return done.isPresent();
    }

    /** After each event: answers the replies whose processes got where they were sent (or cannot now). */
    void checkAll() {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            if (complete(it.next())) {
                it.remove();
            }
        }
    }

    /** The loop ends: whoever still waits hears {@code why}. */
    void abandon(Supplier<CommandReply> why) {
        if (pending.isEmpty()) {
            return;
        }
        CommandReply reply = why.get();
        pending.forEach(p -> p.reply().complete(reply));
        pending.clear();
    }

    int size() {
        return pending.size();
    }
}

package org.commonplace.orchestrator.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is to be published, handed from the supervisor's thread (and the client's) to the fabric's.
 * Retained messages are kept by topic, the latest only: a process that changes ten times while the
 * broker is away is published once, as it is now, when the broker is back, and all of them again
 * after every reconnect (the broker may have lost what it retained). Replies are kept in order, at
 * most {@link #MAX_REPLIES}. Putting never blocks.
 */
final class Outbox {
    static final int MAX_REPLIES = 100;

    /** One message to send; {@code correlation} is null for a retained message. */
    record Outgoing(String topic, byte[] payload, boolean retained, byte[] correlation) {
    }

    private final Map<String, byte[]> retained = new LinkedHashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final ArrayDeque<Outgoing> replies = new ArrayDeque<>();
    private boolean woken;

    /** The latest retained payload of a topic (an empty one clears it on the broker). */
    synchronized void put(String topic, byte[] payload) {
        retained.put(topic, payload);
        dirty.add(topic);
        notifyAll();
    }

    /** A one-off reply; dropped when too many wait (a flood of commands must not eat memory). */
    synchronized boolean reply(String topic, byte[] payload, byte[] correlation) {
        if (replies.size() >= MAX_REPLIES) {
            return false;
        }
        replies.add(new Outgoing(topic, payload, false, correlation));
        notifyAll();
        return true;
    }

    /** Everything retained is to be sent again (after a reconnect). */
    synchronized void resendAll() {
        dirty.addAll(retained.keySet());
    }

    /** Ends a wait at once (the connection was lost, or we are closing). */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /**
     * {@return what is to be sent now, taken out; empty when woken or after {@code timeoutMs} with nothing}
     * Replies come first: someone waits for them.
     */
    synchronized List<Outgoing> take(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (dirty.isEmpty() && replies.isEmpty() && !woken) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        woken = false;
        var out = new ArrayList<Outgoing>(replies);
        replies.clear();
        for (String topic : dirty) {
            out.add(new Outgoing(topic, retained.get(topic), true, null));
        }
        dirty.clear();
        return out;
    }

    /** {@return whether anything waits to be sent} */
    synchronized boolean pending() {
        return !dirty.isEmpty() || !replies.isEmpty();
    }
}

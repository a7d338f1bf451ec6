package org.commonplace.orchestrator.broker;

import io.moquette.broker.SessionMessageQueue;
import io.moquette.broker.SessionRegistry.EnqueuedMessage;
import io.moquette.broker.SessionRegistry.PublishedMessage;

/**
 * One client's queue of QoS 1 and 2 messages, within {@link #MAX_BYTES}. Moquette 0.17 queues every
 * message a client cannot take now (offline, its 10 in-flight messages unacknowledged, or its
 * connection not writable because it does not read) without a limit, so one subscriber that stops
 * reading while another client publishes fills the broker's heap until it dies, and every client
 * with it. A message that would take the queue past the cap is dropped for this client alone, and
 * {@link Overflow} is told once until the queue has drained to half the cap: it cuts a connected
 * client off (its persistent session keeps what is queued) and says so. QoS 0 messages never wait
 * here: Moquette drops them when the connection is not writable.
 *
 * <p>Moquette calls it on the client's session loop only, one call at a time (its contract for
 * {@link SessionMessageQueue}), so the count needs no lock. Messages a persistent queue held before a
 * restart are not counted (it counts from the broker's start); they are served and drained as usual.
 */
final class CappedQueue implements SessionMessageQueue<EnqueuedMessage> {
    /** Bytes of messages (payload and topic) queued for one client, beyond its in-flight ones. */
    static final long MAX_BYTES = 8L << 20;
    /** What a queued message costs beyond its payload and topic (its objects), counted so that empty ones are bounded too. */
    static final int OVERHEAD = 64;

    /** Told when a message does not fit: once until the queue drains to half the cap. */
    interface Overflow {
        void overflowed(long queuedBytes);
    }

    private final SessionMessageQueue<EnqueuedMessage> inner;
    private final long max;
    private final Overflow overflow;
    private long bytes;
    private boolean over;

    CappedQueue(SessionMessageQueue<EnqueuedMessage> inner, long max, Overflow overflow) {
        this.inner = inner;
        this.max = max;
        this.overflow = overflow;
    }

    static long size(EnqueuedMessage message) {
        if (message instanceof PublishedMessage published) {
            return OVERHEAD + published.getPayload().readableBytes() + published.getTopic().toString().length();
        }
        return OVERHEAD;
    }

    @Override
    public void enqueue(EnqueuedMessage message) {
        long size = size(message);
        if (bytes + size > max) {
            // Moquette retained it for the queue: the queue lets go of it instead.
            message.release();
            if (!over) {
                over = true;
                overflow.overflowed(bytes);
            }
            return;
        }
        inner.enqueue(message);
        bytes += size;
    }

    @Override
    public EnqueuedMessage dequeue() {
        EnqueuedMessage message = inner.dequeue();
        if (message != null) {
            bytes = Math.max(0, bytes - size(message));
            if (bytes <= max / 2) {
                over = false;
            }
        }
        return message;
    }

    @Override
    public boolean isEmpty() {
        return inner.isEmpty();
    }

    @Override
    public void closeAndPurge() {
        bytes = 0;
        inner.closeAndPurge();
    }

    /** {@return the bytes counted now} */
    long bytes() {
        return bytes;
    }
}

package org.commonplace.orchestrator.broker;

import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moquette's pool of sessions by client id, put in its session registry's place by
 * {@link MoquetteInternals}: each session's queue is capped ({@link CappedQueue}) as the session is put
 * in, before any message can be routed to it.
 */
final class CappingPool extends ConcurrentHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
    /** How much of a client id a line repeats. */
    private static final int MAX_ID = 64;
    private final transient Field queue;
    private final transient Field connection;
    private final transient Field channel;
    private final transient java.util.function.Consumer<String> say;

    CappingPool(Field queue, Field connection, Field channel, java.util.function.Consumer<String> say) {
        this.queue = queue;
        this.connection = connection;
        this.channel = channel;
        this.say = say;
    }

    @Override
    public Object put(String clientId, Object session) {
        try {
            @SuppressWarnings("unchecked")
            var current = (io.moquette.broker.SessionMessageQueue<io.moquette.broker.SessionRegistry.EnqueuedMessage>) queue.get(session);
            if (!(current instanceof CappedQueue)) {
                queue.set(session, new CappedQueue(current, CappedQueue.MAX_BYTES, bytes -> cutOff(clientId, session, bytes)));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot cap the queue of a session", e);
        }
        return super.put(clientId, session);
    }

    /** On the client's session loop: closes its connection, if it has one (Moquette then handles it as lost). */
    private void cutOff(String clientId, Object session, long bytes) {
        String id = clientId.codePoints().limit(MAX_ID).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String limit = bytes + " bytes queued, at most " + CappedQueue.MAX_BYTES + " per client";
        try {
            Object mqtt = connection.get(session);
            if (mqtt != null) {
                ((io.netty.channel.Channel) channel.get(mqtt)).close();
                say.accept("client '" + id + "' was cut off: it does not take its messages (" + limit
                        + "); more for it are dropped until it catches up");
                return;
            }
        } catch (ReflectiveOperationException e) {
            // not cut off: its messages are still dropped beyond the cap
        }
        say.accept("messages for client '" + id + "' are dropped: it is away and its queue is full (" + limit + ")");
    }
}

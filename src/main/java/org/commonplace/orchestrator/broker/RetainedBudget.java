package org.commonplace.orchestrator.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.RetainedMessage;
import io.moquette.broker.subscriptions.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedded broker's retained messages, within a budget: at most {@link #MAX_BYTES} of payload
 * and {@link #MAX_TOPICS} topics. Moquette 0.17 keeps every retained message in memory without a
 * limit, so any local client could publish retained 1 MiB messages on distinct topics until the
 * heap was gone. A retained message that does not fit is delivered to the subscribers there are but
 * not kept, and what that topic retained before is dropped too (a later subscriber gets nothing
 * rather than a stale value); the first refusal is said once in a line.
 *
 * <p>Written by {@link Conformance} on Moquette's interceptor thread and read from its session loops
 * (one per core), hence synchronized; it replaces the repository Moquette made, by {@link MoquetteInternals}.
 */
final class RetainedBudget implements IRetainedRepository {
    /** Payload bytes kept for every topic together. */
    static final long MAX_BYTES = 16L << 20;
    /** Topics with a retained message. */
    static final int MAX_TOPICS = 10_000;

    private final Map<Topic, RetainedMessage> stored = new HashMap<>();
    /**
     * The payload arrays {@link #retainedOnTopic} handed out, by identity (an array's own equals and
     * hashCode), weakly: an entry goes with its array, once neither this budget nor a message on its
     * way to a client holds it; so at most the messages kept and those in flight.
     */
    private final Map<byte[], Boolean> handedOut = new java.util.WeakHashMap<>();
    /** With persistence, a copy of {@link #stored} in the broker's store (topic to QoS byte and payload); else null. */
    private Map<String, byte[]> saved;
    private final Consumer<String> say;
    private long bytes;
    private boolean saidFull;

    RetainedBudget(Consumer<String> say) {
        this.say = say;
    }

    /**
     * Moquette's own call, ignored: it makes it for a retained QoS 0 message too, which it then drops
     * (against MQTT 3.1.1 §3.3.1.3). {@link Conformance} calls {@link #publish} for every retained
     * message instead, in the order they were published.
     */
    @Override
    public void cleanRetained(Topic topic) {
    }

    /** Moquette's own call, ignored: see {@link #cleanRetained}. */
    @Override
    public void retain(Topic topic, MqttPublishMessage message) {
    }

    /**
     * A message published with the retain flag: an empty payload clears what {@code topic} retained,
     * any other replaces it, at its own QoS (0 included), when it fits the budget.
     */
    synchronized void publish(Topic topic, MqttQoS qos, ByteBuf content) {
        int size = content.readableBytes();
        RetainedMessage old = stored.get(topic);
        if (size == 0) {
            drop(topic);
            return;
        }
        long freed = old == null ? 0 : old.getPayload().length;
        boolean fits = bytes - freed + size <= MAX_BYTES && (old != null || stored.size() < MAX_TOPICS);
        if (!fits) {
            drop(topic);
            if (!saidFull) {
                saidFull = true;
                say.accept("its retained messages are at their budget (" + stored.size() + " topics, " + bytes
                        + " bytes; at most " + MAX_TOPICS + " topics and " + MAX_BYTES + " bytes): a retained message that"
                        + " does not fit is delivered but not kept (said once)");
            }
            return;
        }
        byte[] payload = new byte[size];
        content.getBytes(content.readerIndex(), payload);
        stored.put(topic, new RetainedMessage(topic, qos, payload));
        bytes += size - freed;
        if (saved != null) {
            byte[] value = new byte[size + 1];
            value[0] = (byte) qos.value();
            System.arraycopy(payload, 0, value, 1, size);
            saved.put(topic.toString(), value);
        }
    }

    private void drop(Topic topic) {
        RetainedMessage old = stored.remove(topic);
        if (old != null) {
            bytes -= old.getPayload().length;
            if (saved != null) {
                saved.remove(topic.toString());
            }
        }
    }

    /**
     * With persistence: takes back what {@code store} kept from before a restart (within the budget:
     * what does not fit is removed from it), then keeps every later change there too. Called before
     * any client connects.
     */
    synchronized void keepIn(Map<String, byte[]> store) {
        for (var entry : new ArrayList<>(store.entrySet())) {
            byte[] value = entry.getValue();
            int size = value.length - 1;
            boolean fits = size > 0 && value[0] >= 0 && value[0] <= 2 && bytes + size <= MAX_BYTES && stored.size() < MAX_TOPICS;
            if (!fits) {
                store.remove(entry.getKey());
                continue;
            }
            var topic = new Topic(entry.getKey());
            stored.put(topic, new RetainedMessage(topic, MqttQoS.valueOf(value[0]), java.util.Arrays.copyOfRange(value, 1, value.length)));
            bytes += size;
        }
        saved = store;
    }

    /** {@return how many topics have a retained message} */
    synchronized int topics() {
        return stored.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return stored.isEmpty();
    }

    @Override
    public synchronized List<RetainedMessage> retainedOnTopic(String filter) {
        var subscription = new Topic(filter);
        var matching = new ArrayList<RetainedMessage>();
        for (Map.Entry<Topic, RetainedMessage> entry : stored.entrySet()) {
            if (entry.getKey().match(subscription) && DollarTopics.mayMatch(entry.getKey().toString(), filter)) {
                matching.add(entry.getValue());
                handedOut.put(entry.getValue().getPayload(), Boolean.TRUE);
            }
        }
        return matching;
    }

    /**
     * {@return whether {@code payload} is the very array of a retained message handed out by
     * {@link #retainedOnTopic} (Moquette sends those for a new subscription; {@link RetainFlag})}
     */
    synchronized boolean handedOut(byte[] payload) {
        return handedOut.containsKey(payload);
    }

    /** {@return the payload bytes kept} */
    synchronized long bytes() {
        return bytes;
    }
}

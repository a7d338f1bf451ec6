package org.commonplace.orchestrator.fleet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * The fleet as the broker's messages describe it: every instance that publishes under the prefix,
 * whether it is online, and the last state of each of its processes. Fed one message at a time
 * ({@link #accept}, from the MQTT client's thread) and read as a whole ({@link #picture}, from the
 * drawing thread), hence synchronized.
 *
 * <p>Anyone who may publish under the prefix can send anything, so what is kept is bounded: a
 * payload over {@link #MAX_PAYLOAD_BYTES}, an instance beyond {@link #MAX_INSTANCES}, a process
 * beyond {@link #MAX_PROCESSES} in all, or a payload that is not what an orchestrator publishes is
 * dropped and counted ({@link #ignored}), never kept or half-applied.
 */
public final class Fleet {
    /** A state object is a few hundred bytes; its depends_on list is the only part that grows. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final int MAX_INSTANCES = 256;
    static final int MAX_PROCESSES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build());

    /** An instance's retained status: {@code UNKNOWN} until its status topic says, or after it was cleared. */
    public enum Status { ONLINE, OFFLINE, UNKNOWN }

    /** One instance as it was at {@link #picture}: processes sorted by name. */
    record Instance(String name, Status status, SortedMap<String, ProcessRow> processes) {
    }

    /** The whole picture: instances sorted by name, and how many messages were dropped so far. */
    record Picture(List<Instance> instances, long ignored) {
    }

    private static final class Entry {
        Status status = Status.UNKNOWN;
        final TreeMap<String, ProcessRow> processes = new TreeMap<>();
    }

    private final String prefix;
    private final Map<String, Entry> instances = new HashMap<>();
    private int processCount;
    private long ignored;

    /** @param prefix the topic prefix, without the trailing slash */
    public Fleet(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Applies one message.
     *
     * @return the line that says what changed ({@code box-a online}, {@code box-a/db running pid 12
     *         restarts 0 ready yes}, {@code box-a/db removed}), control characters escaped; empty when
     *         nothing shown changed or the message was not one of ours
     */
    public synchronized Optional<String> accept(String topic, byte[] payload) {
        Optional<FleetTopic> parsed = FleetTopic.parse(prefix, topic);
        if (parsed.isEmpty()) {
            return Optional.empty(); // commands and other traffic under the prefix: not state
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return ignore();
        }
        FleetTopic at = parsed.get();
        return at.isStatus() ? status(at.instance(), payload) : state(at.instance(), at.process(), payload);
    }

    private Optional<String> status(String instance, byte[] payload) {
        Status status = switch (new String(payload, StandardCharsets.UTF_8)) {
            case "online" -> Status.ONLINE;
            case "offline" -> Status.OFFLINE;
            case "" -> Status.UNKNOWN; // the retained status was cleared
            default -> null;
        };
        if (status == null) {
            return ignore();
        }
        Entry entry = instances.get(instance);
        if (entry == null && status == Status.UNKNOWN) {
            return Optional.empty();
        }
        if (entry == null && (entry = newEntry(instance)) == null) {
            return ignore();
        }
        if (entry.status == status) {
            return Optional.empty();
        }
        entry.status = status;
        dropIfEmpty(instance, entry);
        return Optional.of(ControlChars.escape(instance) + " " + status.name().toLowerCase(java.util.Locale.ROOT));
    }

    private Optional<String> state(String instance, String name, byte[] payload) {
        String label = ControlChars.escape(instance) + "/" + ControlChars.escape(name);
        Entry entry = instances.get(instance);
        if (payload.length == 0) { // a cleared retained state: the process was removed by a reload
            if (entry == null || entry.processes.remove(name) == null) {
                return Optional.empty();
            }
            processCount--;
            dropIfEmpty(instance, entry);
            return Optional.of(label + " removed");
        }
        Optional<ProcessRow> row = parse(name, payload);
        if (row.isEmpty()) {
            return ignore();
        }
        boolean known = entry != null && entry.processes.containsKey(name);
        if (!known && processCount >= MAX_PROCESSES) {
            return ignore();
        }
        if (entry == null && (entry = newEntry(instance)) == null) {
            return ignore();
        }
        ProcessRow before = entry.processes.put(name, row.get());
        if (!known) {
            processCount++;
        }
        if (row.get().equals(before)) {
            return Optional.empty();
        }
        ProcessRow r = row.get();
        return Optional.of(label + " " + r.state() + " pid " + (r.pid() > 0 ? r.pid() : "-") + " restarts " + r.restarts()
                + " ready " + (r.ready() ? "yes" : "no"));
    }

    /** The payload as a state object whose name is the topic's; anything else is not one. */
    private static Optional<ProcessRow> parse(String name, byte[] payload) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
            var node = JSON.readTree(text);
            if (node == null || !node.path("name").isTextual() || !node.path("name").asText().equals(name)) {
                return Optional.empty();
            }
            return ProcessRow.parse(node);
        } catch (CharacterCodingException | JacksonException e) {
            return Optional.empty();
        }
    }

    private Entry newEntry(String instance) {
        if (instances.size() >= MAX_INSTANCES) {
            return null;
        }
        Entry entry = new Entry();
        instances.put(instance, entry);
        return entry;
    }

    /** An instance with no status and no processes left is forgotten: nothing of it is retained any more. */
    private void dropIfEmpty(String instance, Entry entry) {
        if (entry.status == Status.UNKNOWN && entry.processes.isEmpty()) {
            instances.remove(instance);
        }
    }

    /** Counts a message too large to be read at all (see {@link org.commonplace.orchestrator.paho.PacketLimit}). */
    public synchronized void tooLarge() {
        ignored++;
    }

    private Optional<String> ignore() {
        ignored++;
        return Optional.empty();
    }

    /** {@return a copy of the whole picture, instances sorted by name} */
    synchronized Picture picture() {
        var list = new ArrayList<Instance>();
        new TreeMap<>(instances).forEach((name, entry) ->
                list.add(new Instance(name, entry.status, new TreeMap<>(entry.processes))));
        return new Picture(List.copyOf(list), ignored);
    }

    /** {@return whether no instance is known} */
    public synchronized boolean isEmpty() {
        return instances.isEmpty();
    }
}

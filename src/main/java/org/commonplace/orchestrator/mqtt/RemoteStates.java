package org.commonplace.orchestrator.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.RemoteDependency;
import org.commonplace.orchestrator.supervise.Event;

/**
 * Follows the retained state of each remote dependency ({@code INSTANCE/NAME}) and of its instance,
 * and tells the supervisor whenever whether it is ready changes. Ready means: the instance says
 * {@code online}, and the process's state is {@code running}, or {@code stopped} after exiting 0
 * without being stopped by hand (a finished one-shot job) — the rule of a local dependency.
 *
 * <p>What arrives was published by whoever may publish there: a payload that is too long or not a
 * JSON object counts as "unreadable" and is never ready. Called on the client's thread.
 */
final class RemoteStates {
    static final int MAX_PAYLOAD = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Verdict(boolean satisfied, String detail) {
    }

    private final Topics topics;
    private final Consumer<Event> post;
    /** state topic -> dependency; status topic -> its instance. */
    private final Map<String, RemoteDependency> byStateTopic = new LinkedHashMap<>();
    private final Map<String, String> byStatusTopic = new LinkedHashMap<>();
    private final Map<String, String> instanceStatus = new HashMap<>();
    private final Map<RemoteDependency, JsonNode> states = new HashMap<>();
    private final Map<RemoteDependency, Verdict> told = new HashMap<>();

    RemoteStates(Topics topics, Set<String> dependencies, Consumer<Event> post) {
        this.topics = topics;
        this.post = post;
        for (String entry : new TreeSet<>(dependencies)) {
            RemoteDependency dep = RemoteDependency.parse(entry).orElseThrow();
            byStateTopic.put(topics.stateOf(dep.instance(), dep.name()), dep);
            byStatusTopic.put(topics.statusOf(dep.instance()), dep.instance());
        }
    }

    /** {@return the filters to subscribe to: each instance's status and each dependency's state} */
    List<String> filters() {
        var filters = new ArrayList<>(byStatusTopic.keySet());
        filters.addAll(byStateTopic.keySet());
        return filters;
    }

    /** {@return whether the message was about a remote dependency (then it was taken in)} */
    synchronized boolean accept(Inbound message) {
        String instance = byStatusTopic.get(message.topic());
        if (instance != null) {
            instanceStatus.put(instance, message.payload().length > 64 ? "?"
                    : new String(message.payload(), StandardCharsets.UTF_8).strip());
            byStateTopic.values().stream().filter(d -> d.instance().equals(instance)).forEach(this::judge);
            return true;
        }
        RemoteDependency dep = byStateTopic.get(message.topic());
        if (dep == null) {
            return false;
        }
        states.put(dep, parse(message.payload()));
        judge(dep);
        return true;
    }

    private static JsonNode parse(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        if (payload.length > MAX_PAYLOAD) {
            return JSON.getNodeFactory().textNode("unreadable");
        }
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null && node.isObject() ? node : JSON.getNodeFactory().textNode("unreadable");
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode("unreadable");
        }
    }

    private void judge(RemoteDependency dep) {
        Verdict verdict = verdict(instanceStatus.get(dep.instance()), states.get(dep), dep);
        if (!verdict.equals(told.put(dep, verdict))) {
            post.accept(new Event.RemoteDependency(dep.toString(), verdict.satisfied(), verdict.detail()));
        }
    }

    static Verdict verdict(String status, JsonNode state, RemoteDependency dep) {
        if (!Topics.ONLINE.equals(status)) {
            return new Verdict(false, status == null ? "instance " + dep.instance() + " has not said it is online"
                    : "instance " + dep.instance() + " is " + (Topics.OFFLINE.equals(status) ? "offline" : "not online"));
        }
        if (state == null) {
            return new Verdict(false, "instance " + dep.instance() + " publishes no process " + dep.name());
        }
        if (!state.isObject()) {
            return new Verdict(false, "its state is unreadable");
        }
        String word = state.path("state").asText("");
        if (word.equals("running")) {
            return new Verdict(true, "running");
        }
        JsonNode exit = state.path("last_exit");
        if (word.equals("stopped") && exit.path("code").isInt() && exit.path("code").asInt() == 0
                && !state.path("stopped_by_hand").asBoolean(false)) {
            return new Verdict(true, "finished");
        }
        // Shown in the orchestrator's own lines: keep it short and plain.
        return new Verdict(false, word.matches("[a-z_]{1,20}") ? word : "in an unknown state");
    }
}

package org.commonplace.orchestrator.mqtt;

import java.util.Optional;
import org.commonplace.orchestrator.config.TopicPrefix;

/**
 * The fabric's topics under one prefix. Written here only, so the publisher, the remote
 * dependencies, the commands and {@code watch} agree:
 * <pre>
 * PREFIX/INSTANCE/status                  retained "online" / "offline" (the last will)
 * PREFIX/INSTANCE/claim                   retained JSON: which run of which orchestrator holds the name (Claim)
 * PREFIX/INSTANCE/processes/NAME/state    retained JSON, the object of ps --json; empty: removed
 * PREFIX/INSTANCE/processes/NAME/crash    retained JSON, its last crash (model.CrashJson); empty: removed
 * PREFIX/INSTANCE/processes/NAME/cmd      "start", "stop" or "restart" (when mqtt_commands is on)
 * PREFIX/INSTANCE/replies/...             the replies to commands, to the response topic the sender named
 * </pre>
 * A reply goes under {@link #replies()} only, whatever response topic a sender names: the
 * orchestrator publishes with its own rights, which must not be lent to someone who may only send
 * commands (a response topic of {@code PREFIX/other/status} would forge another instance's status).
 */
public record Topics(String prefix, String instance) {
    /** @throws IllegalArgumentException for a prefix {@link TopicPrefix} refuses: config validation refused it first */
    public Topics {
        prefix = TopicPrefix.require(prefix);
    }

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public String status() {
        return statusOf(instance);
    }

    /** {@return where the orchestrator that holds this instance name says who it is} */
    public String claim() {
        return prefix + "/" + instance + "/claim";
    }

    public String state(String name) {
        return stateOf(instance, name);
    }

    /** {@return where the last crash of the process {@code name} is kept} */
    public String crash(String name) {
        return prefix + "/" + instance + "/processes/" + name + "/crash";
    }

    /** {@return the filter of every command topic of this instance} */
    public String commands() {
        return prefix + "/" + instance + "/processes/+/cmd";
    }

    /** {@return the topic under which (one level or more below) command replies go} */
    public String replies() {
        return prefix + "/" + instance + "/replies";
    }

    public String statusOf(String otherInstance) {
        return prefix + "/" + otherInstance + "/status";
    }

    public String stateOf(String otherInstance, String name) {
        return prefix + "/" + otherInstance + "/processes/" + name + "/state";
    }

    /** {@return the process a command topic of this instance names; empty for any other topic} */
    public Optional<String> commandTarget(String topic) {
        String head = prefix + "/" + instance + "/processes/";
        if (!topic.startsWith(head) || !topic.endsWith("/cmd")) {
            return Optional.empty();
        }
        String name = topic.substring(head.length(), topic.length() - "/cmd".length());
        return name.isEmpty() || name.contains("/") ? Optional.empty() : Optional.of(name);
    }
}

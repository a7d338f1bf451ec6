package org.commonplace.orchestrator.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.FabricSettings;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.CommandReply;
import org.commonplace.orchestrator.supervise.Event;

/**
 * {@code start}, {@code stop} and {@code restart} messages on {@code PREFIX/INSTANCE/processes/NAME/cmd}
 * (only with {@code "mqtt_commands": true}): each becomes the control socket's command, carried out
 * by the supervisor; when the sender gave an MQTT 5 response topic, the reply goes there with the
 * sender's correlation data.
 *
 * <p>Who may send one is the broker's to decide (its ACL). What arrives is checked all the same: a
 * retained command is ignored (it would be obeyed again at every reconnect), the payload must be
 * one of the three words, the name a process name, the response topic a topic one may publish on.
 */
final class RemoteCommands {
    static final int MAX_RESPONSE_TOPIC = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Topics topics;
    private final Consumer<Event> post;
    private final Outbox outbox;

    RemoteCommands(Topics topics, Consumer<Event> post, Outbox outbox) {
        this.topics = topics;
        this.post = post;
        this.outbox = outbox;
    }

    /** {@return whether the message was a command of ours (then it was handled or refused)} */
    boolean accept(Inbound message) {
        Optional<String> target = topics.commandTarget(message.topic());
        if (target.isEmpty()) {
            return false;
        }
        if (message.retained()) {
            return true;
        }
        Optional<String> replyTo = message.responseTopic().filter(RemoteCommands::publishable);
        String name = target.get();
        String verb = message.payload().length > 16 ? "" : new String(message.payload(), StandardCharsets.UTF_8).strip();
        Command command = !FabricSettings.validInstance(name) ? null : switch (verb) {
            case "start" -> new Command.Start(List.of(name));
            case "stop" -> new Command.Stop(List.of(name), false);
            case "restart" -> new Command.Restart(List.of(name));
            default -> null;
        };
        if (command == null) {
            replyTo.ifPresent(topic -> outbox.reply(topic, refusal(verb), message.correlation()));
            return true;
        }
        var reply = new CompletableFuture<CommandReply>();
        replyTo.ifPresent(topic -> reply.thenAccept(r -> outbox.reply(topic, answer(r), message.correlation())));
        post.accept(new Event.Say("MQTT command: " + verb + " " + name));
        post.accept(new Event.Control(command, reply));
        return true;
    }

    /** A topic one may publish on: not empty, no wildcard, no NUL, not too long. */
    static boolean publishable(String topic) {
        return !topic.isEmpty() && topic.length() <= MAX_RESPONSE_TOPIC && topic.indexOf('+') < 0
                && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

    private static byte[] refusal(String verb) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", false);
        o.put("error", "bad_command");
        o.put("message", "expected start, stop or restart as the whole payload");
        return bytes(o);
    }

    static byte[] answer(CommandReply reply) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", reply.ok());
        if (!reply.ok()) {
            o.put("error", reply.error());
        }
        o.put("message", reply.message());
        var lines = o.putArray("lines");
        reply.lines().forEach(lines::add);
        var warnings = o.putArray("warnings");
        reply.warnings().forEach(warnings::add);
        return bytes(o);
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.commonplace.orchestrator.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.Names;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.CommandReply;
import org.commonplace.orchestrator.supervise.Event;

/**
 * {@code start}, {@code stop}, {@code restart} and {@code signal SIGNAL} messages on {@code PREFIX/INSTANCE/processes/NAME/cmd}
 * (only with {@code "mqtt_commands": true}): each becomes the control socket's command, carried out
 * by the supervisor; when the sender gave an MQTT 5 response topic, the reply goes there with the
 * sender's correlation data.
 *
 * <p>Who may send one is the broker's to decide (its ACL). What arrives is checked all the same: a
 * retained command is ignored (it would be obeyed again at every reconnect), the payload must be
 * one of the three words or {@code signal [--main] SIGNAL}, the name a process name. A response topic must lie under {@link
 * Topics#replies()}, at most {@link #MAX_REPLY_LEVELS} levels and {@link #MAX_REPLY_CHARS} characters
 * below it: the reply is published with the orchestrator's rights, which a sender may not borrow to
 * publish elsewhere (another instance's status), nor to make the broker drop us (mosquitto
 * disconnects a client that publishes on a topic of over 200 levels). A command naming another
 * response topic is not carried out.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} commands from the broker wait for their answer at once; one
 * more is refused at once with {@code busy}, without reaching the supervisor, so a flood of
 * commands costs the supervisor a bounded amount of work and the console a line every 5 s.
 */
final class RemoteCommands {
    /** Commands from the broker carried out or waiting for their answer at once; more are refused busy. */
    static final int MAX_IN_FLIGHT = 16;
    /** How many levels a response topic may have below the reply prefix. */
    static final int MAX_REPLY_LEVELS = 8;
    /** How long a response topic may be below the reply prefix (the slash after the prefix excluded). */
    static final int MAX_REPLY_CHARS = 128;
    /** The longest payload read as a command ("signal --main RTMIN+15" and room); a longer one is none. */
    static final int MAX_PAYLOAD_BYTES = 32;
    /** How much of a refused response topic a log line shows. */
    private static final int SHOWN_CHARS = 80;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Topics topics;
    private final Consumer<Event> post;
    private final Outbox outbox;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LineBurst taken;
    private final LineBurst busy;
    private final LineBurst badReplyTopics;

    RemoteCommands(Topics topics, Consumer<Event> post, Outbox outbox) {
        this(topics, post, outbox, Ticker.system(), LineBurst.timer());
    }

    RemoteCommands(Topics topics, Consumer<Event> post, Outbox outbox, Ticker ticker, LineBurst.Later later) {
        this.topics = topics;
        this.post = post;
        this.outbox = outbox;
        Consumer<String> say = line -> post.accept(new Event.Say(line));
        this.taken = new LineBurst(10, 1000, sum -> "MQTT: " + sum.count() + " more commands taken in the last "
                + sum.window() + " (last: " + sum.last() + ")", ticker, later, say);
        this.busy = new LineBurst(3, 10_000, sum -> "MQTT: " + sum.count() + " more commands refused busy in the last "
                + sum.window() + " (last: " + sum.last() + ")", ticker, later, say);
        this.badReplyTopics = new LineBurst(3, 10_000, sum -> "MQTT: " + sum.count()
                + " more commands refused for their response topic in the last " + sum.window() + " (last: " + sum.last() + ")",
                ticker, later, say);
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
        String name = target.get();
        Optional<String> replyTo = message.responseTopic();
        if (replyTo.isPresent() && !replyable(replyTo.get())) {
            String shown = shown(replyTo.get());
            badReplyTopics.say("MQTT: refused a command for " + name + ": its response topic " + shown + " is not under "
                    + topics.replies() + "/ (at most " + MAX_REPLY_LEVELS + " levels and " + MAX_REPLY_CHARS
                    + " characters below it); nothing was done", shown);
            return true;
        }
        String verb = message.payload().length > MAX_PAYLOAD_BYTES ? "" : new String(message.payload(), StandardCharsets.UTF_8).strip();
        Command command = !Names.validProcess(name) ? null : switch (verb) {
            case "start" -> new Command.Start(List.of(name));
            case "stop" -> new Command.Stop(List.of(name), false);
            case "restart" -> new Command.Restart(List.of(name));
            default -> signal(name, verb);
        };
        if (command == null) {
            replyTo.ifPresent(topic -> outbox.reply(topic, refusal("bad_command", "expected start, stop, restart,"
                    + " signal SIGNAL or signal --main SIGNAL as the whole payload (SIGNAL a name such as HUP)"),
                    message.correlation()));
            return true;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            replyTo.ifPresent(topic -> outbox.reply(topic, refusal("busy", MAX_IN_FLIGHT
                    + " commands from MQTT wait for their answer already; try again once they have one"), message.correlation()));
            busy.say("MQTT: refused " + verb + " " + name + ": " + MAX_IN_FLIGHT
                    + " commands from MQTT wait for their answer already (the sender is told busy)", verb + " " + name);
            return true;
        }
        var reply = new CompletableFuture<CommandReply>();
        reply.whenComplete((r, e) -> inFlight.decrementAndGet());
        replyTo.ifPresent(topic -> reply.thenAccept(r -> outbox.reply(topic, answer(r), message.correlation())));
        taken.say("MQTT command: " + verb + " " + name, verb + " " + name);
        post.accept(new Event.Control(command, reply));
        return true;
    }

    /**
     * {@return the signal command of a payload {@code signal SIGNAL} or {@code signal --main SIGNAL}, or
     * null when it is not one (a word that is no signal included)}
     */
    private static Command signal(String name, String payload) {
        String[] words = payload.split(" +");
        boolean main = words.length == 3 && words[1].equals("--main");
        if (!words[0].equals("signal") || !(words.length == 2 || main)) {
            return null;
        }
        java.util.OptionalInt signal = SignalNames.parse(words[words.length - 1]);
        return signal.isEmpty() ? null : new Command.Signal(List.of(name), signal.getAsInt(), main);
    }

    /** {@return whether a reply may go to {@code topic}: under the reply prefix, within the limits, and publishable} */
    boolean replyable(String topic) {
        String head = topics.replies() + "/";
        if (!topic.startsWith(head) || !publishable(topic)) {
            return false;
        }
        String below = topic.substring(head.length());
        if (below.isEmpty() || below.length() > MAX_REPLY_CHARS) {
            return false;
        }
        String[] levels = below.split("/", -1);
        return levels.length <= MAX_REPLY_LEVELS && java.util.Arrays.stream(levels).noneMatch(String::isEmpty)
                && below.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** A refused topic as a log line shows it: cut short, with its length in levels when it is long. */
    private static String shown(String topic) {
        if (topic.length() <= SHOWN_CHARS) {
            return "'" + topic + "'";
        }
        long levels = topic.chars().filter(c -> c == '/').count() + 1;
        return "'" + topic.substring(0, SHOWN_CHARS) + "...' (" + topic.length() + " characters, " + levels + " levels)";
    }

    /** A topic one may publish on: not empty, no wildcard, no NUL. */
    static boolean publishable(String topic) {
        return !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

    private static byte[] refusal(String error, String why) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", false);
        o.put("error", error);
        o.put("message", why);
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

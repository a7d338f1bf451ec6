package org.commonplace.orchestrator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.CommandReply;
import org.commonplace.orchestrator.supervise.Event;
import org.junit.jupiter.api.Test;

/** Which messages become commands, and what is replied. */
final class RemoteCommandsTest {
    private final List<Event> posted = new ArrayList<>();
    private final Outbox outbox = new Outbox();
    private long now = 1_000_000;
    /** The summaries' timers, run by hand. */
    private final List<Runnable> later = new ArrayList<>();
    private final RemoteCommands commands = new RemoteCommands(new Topics("p", "me"), posted::add, outbox, () -> now,
            (delayMs, action) -> later.add(action));

    private boolean send(String topic, String payload, boolean retained, String replyTo) {
        return commands.accept(new Inbound(topic, payload.getBytes(StandardCharsets.UTF_8), retained,
                Optional.ofNullable(replyTo), new byte[] {9}));
    }

    private List<String> said() {
        return posted.stream().filter(e -> e instanceof Event.Say).map(e -> ((Event.Say) e).line()).toList();
    }

    /** Five seconds pass: the summaries due are said. */
    private void fiveSecondsPass() {
        now += 5000;
        var due = new ArrayList<>(later);
        later.clear();
        due.forEach(Runnable::run);
    }

    private List<Command> commandsPosted() {
        return posted.stream().filter(e -> e instanceof Event.Control).map(e -> ((Event.Control) e).command()).toList();
    }

    @Test
    void theThreeWordsBecomeTheSocketsCommands() {
        assertThat(send("p/me/processes/web/cmd", "start", false, null)).isTrue();
        send("p/me/processes/web/cmd", " stop\n", false, null);
        send("p/me/processes/web/cmd", "restart", false, null);
        assertThat(commandsPosted()).containsExactly(new Command.Start(List.of("web")),
                new Command.Stop(List.of("web"), false), new Command.Restart(List.of("web")));
        assertThat(posted.getFirst()).isEqualTo(new Event.Say("MQTT command: start web"));
    }

    @Test
    void signalByNameBecomesTheSocketsSignalAndAnUnknownSignalIsRefusedInOneReply() throws InterruptedException {
        send("p/me/processes/web/cmd", "signal HUP", false, null);
        send("p/me/processes/web/cmd", "signal --main SIGUSR1", false, null);
        send("p/me/processes/web/cmd", "signal RTMIN+2", false, null);
        assertThat(commandsPosted()).containsExactly(new Command.Signal(List.of("web"), 1, false),
                new Command.Signal(List.of("web"), 10, true), new Command.Signal(List.of("web"), 36, false));
        posted.clear();
        send("p/me/processes/web/cmd", "signal NOPE", false, "p/me/replies/1");
        send("p/me/processes/web/cmd", "signal 0", false, null);
        send("p/me/processes/web/cmd", "signal --all HUP", false, null);
        assertThat(commandsPosted()).isEmpty();
        assertThat(new String(outbox.take(0).getFirst().payload(), StandardCharsets.UTF_8))
                .contains("\"error\":\"bad_command\"").contains("signal SIGNAL");
    }

    @Test
    void retainedCommandsOtherInstancesBadWordsAndBadNamesDoNothing() throws InterruptedException {
        assertThat(send("p/other/processes/web/cmd", "restart", false, null)).isFalse();
        send("p/me/processes/web/cmd", "restart", true, null);
        send("p/me/processes/web/cmd", "reboot", false, "p/me/replies/1");
        send("p/me/processes/.x/cmd", "restart", false, null);
        send("p/me/processes/web/cmd", "restart".repeat(5), false, null);
        assertThat(commandsPosted()).isEmpty();
        List<Outbox.Outgoing> replies = outbox.take(0);
        assertThat(replies).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("p/me/replies/1");
            assertThat(new String(r.payload(), StandardCharsets.UTF_8)).contains("\"error\":\"bad_command\"");
            assertThat(r.correlation()).containsExactly(9);
        });
    }

    @Test
    void theReplyGoesToAPublishableResponseTopicOnceTheSupervisorAnswers() throws Exception {
        send("p/me/processes/web/cmd", "restart", false, "p/me/replies/+/x");
        send("p/me/processes/web/cmd", "restart", false, "p/me/replies/ops");
        var second = (Event.Control) posted.stream().filter(e -> e instanceof Event.Control).toList().getFirst();
        assertThat(outbox.take(0)).isEmpty();
        second.reply().complete(new CommandReply(true, "", "restarted web", List.of("restarted web"), List.of(), List.of(), Map.of()));
        var reply = outbox.take(0).getFirst();
        assertThat(reply.topic()).isEqualTo("p/me/replies/ops");
        assertThat(new ObjectMapper().readTree(reply.payload()).path("lines").get(0).asText()).isEqualTo("restarted web");
    }

    /**
     * Issue 22, item 5: a sender who may only publish commands named another instance's status (or a
     * topic of 250 levels, which made mosquitto drop us) as the response topic, and had the
     * orchestrator publish there with its own rights. Replies go under PREFIX/INSTANCE/replies/ only.
     */
    @Test
    void aResponseTopicOutsideTheReplyPrefixIsRefusedAndNothingIsDone() throws InterruptedException {
        String deep = "p/me/replies" + "/x".repeat(250);
        for (String topic : List.of("p/other/status", "p/me/status", "p/me/replies", "p/me/replies/", "p/me/repliesx/a",
                "p/me/replies/a//b", "p/me/replies/" + "a/".repeat(8) + "b", "p/me/replies/" + "x".repeat(129), deep,
                "p/me/replies/a\u001b[2J")) {
            assertThat(send("p/me/processes/web/cmd", "restart", false, topic)).as(topic).isTrue();
        }
        assertThat(commandsPosted()).isEmpty();
        assertThat(outbox.take(0)).isEmpty();
        // Said as they come while they are few, then summed up: not a line per message.
        assertThat(said()).hasSize(4);
        assertThat(said().getFirst()).isEqualTo("MQTT: refused a command for web: its response topic 'p/other/status' is not"
                + " under p/me/replies/ (at most 8 levels and 128 characters below it); nothing was done");
        assertThat(said().get(3)).endsWith("; more like it are summed up every 5 s");
        fiveSecondsPass();
        assertThat(said().getLast()).startsWith("MQTT: 6 more commands refused for their response topic in the last 5.0 s (last: 'p/me/replies/a");
        assertThat(String.join("\n", said())).doesNotContain("/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x");
        // Within the limits, under the prefix: taken.
        send("p/me/processes/web/cmd", "restart", false, "p/me/replies/" + "a/".repeat(7) + "b");
        send("p/me/processes/web/cmd", "restart", false, "p/me/replies/" + "x".repeat(128));
        assertThat(commandsPosted()).hasSize(2);
    }

    /** Issue 21, item 5: a flood of commands is taken sixteen at a time; the rest are refused busy at once. */
    @Test
    void beyondSixteenCommandsWaitingTheNextAreRefusedBusyAtOnceAndSummedUp() throws Exception {
        for (int i = 0; i < 1000; i++) {
            send("p/me/processes/web/cmd", "start", false, "p/me/replies/" + i);
        }
        var taken = posted.stream().filter(e -> e instanceof Event.Control).map(e -> (Event.Control) e).toList();
        assertThat(taken).hasSize(RemoteCommands.MAX_IN_FLIGHT);
        List<Outbox.Outgoing> refusals = outbox.take(0);
        assertThat(refusals).hasSize(Outbox.MAX_REPLIES); // the outbox keeps 100; the others are dropped, not kept
        assertThat(new ObjectMapper().readTree(refusals.getFirst().payload()).path("error").asText()).isEqualTo("busy");
        assertThat(refusals.getFirst().topic()).isEqualTo("p/me/replies/16");
        // The console hears of the first commands and of the first refusals, then a sum every 5 s.
        assertThat(said()).hasSize(11 + 4);
        fiveSecondsPass();
        assertThat(said()).contains("MQTT: 980 more commands refused busy in the last 5.0 s (last: start web)");
        fiveSecondsPass();
        assertThat(said()).hasSize(11 + 4 + 2);
        // One answered: room for one more.
        taken.getFirst().reply().complete(new CommandReply(false, "waiting", "web waits for db", List.of(), List.of(), List.of(), Map.of()));
        send("p/me/processes/web/cmd", "start", false, "p/me/replies/again");
        assertThat(posted.stream().filter(e -> e instanceof Event.Control)).hasSize(RemoteCommands.MAX_IN_FLIGHT + 1);
    }
}

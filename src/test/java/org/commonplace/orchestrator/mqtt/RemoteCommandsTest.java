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
    private final RemoteCommands commands = new RemoteCommands(new Topics("p", "me"), posted::add, outbox);

    private boolean send(String topic, String payload, boolean retained, String replyTo) {
        return commands.accept(new Inbound(topic, payload.getBytes(StandardCharsets.UTF_8), retained,
                Optional.ofNullable(replyTo), new byte[] {9}));
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
    void retainedCommandsOtherInstancesBadWordsAndBadNamesDoNothing() throws InterruptedException {
        assertThat(send("p/other/processes/web/cmd", "restart", false, null)).isFalse();
        send("p/me/processes/web/cmd", "restart", true, null);
        send("p/me/processes/web/cmd", "reboot", false, "r/1");
        send("p/me/processes/.x/cmd", "restart", false, null);
        send("p/me/processes/web/cmd", "restart".repeat(5), false, null);
        assertThat(commandsPosted()).isEmpty();
        List<Outbox.Outgoing> replies = outbox.take(0);
        assertThat(replies).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("r/1");
            assertThat(new String(r.payload(), StandardCharsets.UTF_8)).contains("\"error\":\"bad_command\"");
            assertThat(r.correlation()).containsExactly(9);
        });
    }

    @Test
    void theReplyGoesToAPublishableResponseTopicOnceTheSupervisorAnswers() throws Exception {
        send("p/me/processes/web/cmd", "restart", false, "replies/+/x");
        send("p/me/processes/web/cmd", "restart", false, "replies/ops");
        var second = (Event.Control) posted.stream().filter(e -> e instanceof Event.Control).toList().get(1);
        assertThat(outbox.take(0)).isEmpty();
        second.reply().complete(new CommandReply(true, "", "restarted web", List.of("restarted web"), List.of(), List.of(), Map.of()));
        var reply = outbox.take(0).getFirst();
        assertThat(reply.topic()).isEqualTo("replies/ops");
        assertThat(new ObjectMapper().readTree(reply.payload()).path("lines").get(0).asText()).isEqualTo("restarted web");
    }
}

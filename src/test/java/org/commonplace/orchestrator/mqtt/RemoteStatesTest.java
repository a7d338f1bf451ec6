package org.commonplace.orchestrator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.commonplace.orchestrator.supervise.Event;
import org.junit.jupiter.api.Test;

/** When a remote dependency counts as ready, and that the supervisor hears only of changes. */
final class RemoteStatesTest {
    private final Topics topics = new Topics("p", "me");
    private final List<Event> posted = new ArrayList<>();
    private final RemoteStates states = new RemoteStates(topics, Set.of("alpha/store", "alpha/cache"), posted::add);

    private void say(String topic, String payload) {
        states.accept(new Inbound(topic, payload.getBytes(StandardCharsets.UTF_8), true, Optional.empty(), new byte[0]));
    }

    private List<String> told() {
        return posted.stream().map(e -> (Event.RemoteDependency) e)
                .map(e -> e.dependency() + " " + e.satisfied() + " " + e.detail()).toList();
    }

    @Test
    void subscribesToEachInstanceOnceAndEachDependency() {
        assertThat(states.filters()).containsExactly("p/alpha/status", "p/alpha/processes/cache/state", "p/alpha/processes/store/state");
    }

    @Test
    void readyNeedsTheInstanceOnlineAndTheProcessRunning() {
        say("p/alpha/processes/store/state", "{\"state\":\"starting\"}");
        say("p/alpha/status", "online");
        say("p/alpha/processes/store/state", "{\"state\":\"running\",\"ready\":true}");
        say("p/alpha/processes/store/state", "{\"state\":\"running\",\"ready\":true,\"pid\":7}");
        say("p/alpha/status", "offline");
        assertThat(told()).containsExactly(
                "alpha/store false instance alpha has not said it is online",
                "alpha/cache false instance alpha publishes no process cache",
                "alpha/store false starting",
                "alpha/store true running",
                "alpha/cache false instance alpha is offline",
                "alpha/store false instance alpha is offline");
    }

    @Test
    void aFinishedJobCountsButAProcessStoppedByHandDoesNot() {
        say("p/alpha/status", "online");
        posted.clear();
        say("p/alpha/processes/store/state", "{\"state\":\"stopped\",\"last_exit\":{\"code\":0},\"stopped_by_hand\":false}");
        say("p/alpha/processes/store/state", "{\"state\":\"stopped\",\"last_exit\":{\"code\":0},\"stopped_by_hand\":true}");
        assertThat(told()).containsExactly("alpha/store true finished", "alpha/store false stopped");
    }

    @Test
    void whatAHostilePublisherSendsIsNeverReadyAndNeverEchoedRaw() {
        say("p/alpha/status", "online");
        posted.clear();
        say("p/alpha/processes/store/state", "not json");
        say("p/alpha/processes/store/state", "{\"state\":\"\\u001b[31mrunning now\"}");
        say("p/alpha/processes/store/state", "{\"state\":\"" + "x".repeat(RemoteStates.MAX_PAYLOAD) + "\"}");
        say("p/alpha/processes/store/state", "");
        assertThat(told()).containsExactly("alpha/store false its state is unreadable",
                "alpha/store false in an unknown state", "alpha/store false its state is unreadable",
                "alpha/store false instance alpha publishes no process store");
    }

    @Test
    void otherTopicsAreNotTaken() {
        assertThat(states.accept(new Inbound("p/beta/status", new byte[0], true, Optional.empty(), new byte[0]))).isFalse();
        assertThat(posted).isEmpty();
    }
}

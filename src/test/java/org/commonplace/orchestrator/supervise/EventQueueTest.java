package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 21, item 5: a stop and a look at the state are never stuck behind a flood of other events. */
final class EventQueueTest {
    @Test
    void stopsStatusSnapshotsAndShutdownsGoAheadOfAFloodAndEachLaneKeepsItsOrder() {
        var queue = new EventQueue();
        for (int i = 0; i < 10_000; i++) {
            queue.add(new Event.Control(new Command.Start(List.of("web")), new CompletableFuture<>()));
        }
        queue.add(new Event.Say("after the flood"));
        var ps = new Event.Control(new Command.Snapshot(), new CompletableFuture<>());
        var stop = new Event.StopRequested("received SIGTERM", false);
        var shutdown = new Event.Control(new Command.Shutdown("asked"), new CompletableFuture<>());
        queue.add(ps);
        queue.add(stop);
        queue.add(new Event.StatusRequested("received SIGUSR2"));
        queue.add(shutdown);
        assertThat(queue.poll()).isSameAs(ps);
        assertThat(queue.poll()).isSameAs(stop);
        assertThat(queue.poll()).isInstanceOf(Event.StatusRequested.class);
        assertThat(queue.poll()).isSameAs(shutdown);
        var rest = new ArrayList<Event>();
        for (Event e; (e = queue.poll()) != null; ) {
            rest.add(e);
        }
        assertThat(rest).hasSize(10_001);
        assertThat(rest.getLast()).isEqualTo(new Event.Say("after the flood"));
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void takeWaitsForAnEventPostedFromAnotherThread() throws Exception {
        var queue = new EventQueue();
        Thread.ofVirtual().start(() -> queue.add(new Event.Say("hello")));
        assertThat(queue.take()).isEqualTo(new Event.Say("hello"));
    }
}

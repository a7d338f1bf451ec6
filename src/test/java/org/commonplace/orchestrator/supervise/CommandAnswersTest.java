package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 7: {@code start app} hung for ever when a dependency it started gave up, and
 * {@code restart web} never answered while web's remote dependency was offline. Every start, stop and
 * restart is answered: done, failed (with why), or waiting for what may never come by itself. And
 * the replies that wait are bounded (item 5). In the fake world, with a hand-moved clock.
 */
final class CommandAnswersTest extends FakeWorld {
    private void process(String name, RestartSpec restart, String... deps) {
        processes.add(new ManagedProcess(name, Arrays.asList(deps), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                restart, StopSignal.TERM, 5000));
    }

    private void process(String name, String... deps) {
        process(name, new RestartSpec(RestartPolicy.ALWAYS, 100, 800), deps);
    }

    /** Time passes, a second at a time: each timer's event is handled before the next falls due. */
    private void pass(long ms) {
        for (long done = 0; done < ms; done += 1000) {
            clock.advance(Math.min(1000, ms - done));
            supervisor.runPending();
        }
    }

    @Test
    void aStartWhoseDependencyGivesUpIsAnsweredFailedWithWhy() {
        process("db", new RestartSpec(RestartPolicy.ALWAYS, 100, 800, 2));
        process("app", "db");
        process("sibling");
        launcher.failing.add("db");
        start();
        pass(10_000);
        assertThat(supervisor.state("db")).isEqualTo(ProcessState.FAILED);
        var reply = send(new Command.Start(List.of("app")));
        // db restarts with max_restarts: it runs or gives up, either way soon; the reply waits for that.
        assertThat(reply).isNotCompleted();
        pass(10_000);
        assertThat(reply).isCompleted();
        CommandReply answer = reply.join();
        assertThat(answer.ok()).isFalse();
        assertThat(answer.error()).isEqualTo("failed");
        assertThat(answer.message()).isEqualTo("app cannot start: db (failed: could not be started) gave up;"
                + " `start db` starts it again");
        assertThat(answer.lines()).startsWith("starting db first (app depends on it)");
    }

    @Test
    void aStartThatWaitsForADependencyRestartingWithoutEndIsAnsweredWaitingAtOnce() {
        process("db");
        process("app", "db");
        process("sibling");
        start();
        send(new Command.Stop(List.of("app"), false)).join();
        launcher.failing.add("db");
        launcher.latest("db").exit(1);
        supervisor.runPending();
        CommandReply answer = send(new Command.Start(List.of("app"))).join();
        assertThat(answer.error()).isEqualTo("waiting");
        assertThat(answer.message()).isEqualTo("app waits for db (restarting); it starts once that is ready");
        // Once db runs, app starts, as it was told.
        launcher.failing.clear();
        pass(1000);
        assertThat(supervisor.state("app")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void aRestartOfAProcessWhoseRemoteDependencyIsOfflineIsAnsweredWaiting() {
        process("web", "b/db");
        start();
        supervisor.post(new Event.RemoteDependency("b/db", true, "running"));
        supervisor.runPending();
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.RUNNING);
        supervisor.post(new Event.RemoteDependency("b/db", false, "instance b is offline"));
        supervisor.runPending();
        CommandReply answer = send(new Command.Restart(List.of("web"))).join();
        assertThat(answer.ok()).isFalse();
        assertThat(answer.error()).isEqualTo("waiting");
        assertThat(answer.message()).isEqualTo("web waits for b/db (remote: instance b is offline); it starts once that is ready");
        supervisor.post(new Event.RemoteDependency("b/db", true, "running"));
        supervisor.runPending();
        assertThat(supervisor.state("web")).isEqualTo(ProcessState.RUNNING);
        assertThat(launcher.launches("web")).isEqualTo(2);
    }

    @Test
    void aDependencyThatEndedBehindAnotherFailsTheStartWithTheWholeStory() {
        process("db", new RestartSpec(RestartPolicy.NEVER, 100, 800));
        process("api", "db");
        process("app", "api");
        process("sibling");
        launcher.failing.add("db");
        start();
        CommandReply answer = send(new Command.Start(List.of("app"))).join();
        assertThat(answer.error()).isEqualTo("failed");
        assertThat(answer.message()).isEqualTo("app cannot start: api cannot start: db (failed: could not be started)"
                + " has ended and will not start by itself");
    }

    @Test
    void whenTooManyRepliesWaitTheNextCommandIsRefusedBusyAndNothingIsDone() {
        process("db", new RestartSpec(RestartPolicy.ALWAYS, 100, 800, 1000));
        process("app", "db");
        process("other");
        launcher.failing.add("db");
        start();
        var waiting = new ArrayList<CompletableFuture<CommandReply>>();
        for (int i = 0; i < PendingReplies.MAX; i++) {
            waiting.add(send(new Command.Start(List.of("app"))));
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        CommandReply refused = send(new Command.Stop(List.of("other"), false)).join();
        assertThat(refused.error()).isEqualTo("busy");
        assertThat(supervisor.state("other")).isEqualTo(ProcessState.RUNNING);
        // A look at the state is never refused.
        assertThat(send(new Command.Snapshot()).join().ok()).isTrue();
        // db runs at last: every waiting start is answered, and commands are taken again.
        launcher.failing.clear();
        pass(1000);
        assertThat(waiting).allMatch(r -> r.join().ok());
        assertThat(send(new Command.Stop(List.of("other"), false)).join().ok()).isTrue();
    }

    @Test
    void aReplyThatWaitsWhenTheStopBeginsIsAnsweredStopping() {
        process("db", new RestartSpec(RestartPolicy.ALWAYS, 100, 800, 1000));
        process("app", "db");
        launcher.failing.add("db");
        start();
        var reply = send(new Command.Start(List.of("app")));
        assertThat(reply).isNotCompleted();
        supervisor.post(new Event.StopRequested("received SIGTERM", false));
        supervisor.runPending();
        assertThat(reply.join().error()).isEqualTo("stopping");
    }
}

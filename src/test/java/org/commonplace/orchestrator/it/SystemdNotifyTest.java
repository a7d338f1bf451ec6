package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.notify.UnixDatagram;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.ThreadFreezer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator as systemd runs a {@code Type=notify} service: the test binds the datagram socket
 * systemd would ({@code NOTIFY_SOCKET}) and reads what arrives.
 */
final class SystemdNotifyTest {
    @TempDir
    Path dir;

    private final String address = "@commonplace-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final UnixDatagram systemd = UnixDatagram.bind(address);
    private final List<String> received = new ArrayList<>();

    @AfterEach
    void unbind() {
        systemd.close();
    }

    /** {@return every message received so far} */
    private List<String> messages() {
        for (var next = systemd.poll(); next.isPresent(); next = systemd.poll()) {
            received.add(next.get());
        }
        return List.copyOf(received);
    }

    private Path twoProcessesTheSecondReadyAfterASecond() {
        var config = new ConfigBuilder();
        config.shell("db", "exec sleep 300");
        config.shell("http", "sleep 1; echo listening; exec sleep 300").put("ready", Map.of("log", "listening"));
        return config.writeTo(dir);
    }

    private OrchestratorRun run(Path config, Map<String, String> env) {
        return OrchestratorRun.start(List.of(), List.of(), env, "run", "--config", config.toString());
    }

    @Test
    void readyComesOnlyAfterTheLastProcessIsReadyAndStoppingOnSigterm() {
        try (var run = run(twoProcessesTheSecondReadyAfterASecond(), Map.of("NOTIFY_SOCKET", address))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> messages().stream().anyMatch(m -> m.startsWith("READY=1")));
            List<String> before = messages().subList(0, messages().indexOf(
                    messages().stream().filter(m -> m.startsWith("READY=1")).findFirst().orElseThrow()));
            assertThat(before).isNotEmpty().allMatch(m -> m.startsWith("STATUS=")).anyMatch(m -> m.contains("1 starting"));
            assertThat(messages()).contains("READY=1\nSTATUS=2 running");
            assertThat(run.stdout()).contains("http is ready after");

            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(20))).isZero();
            List<String> all = messages();
            assertThat(all).contains("STOPPING=1");
            assertThat(all.subList(all.indexOf("STOPPING=1"), all.size())).noneMatch(m -> m.startsWith("READY=1"))
                    .last().isEqualTo("STATUS=2 stopped");
        }
    }

    @Test
    void theWatchdogIsPingedAtHalfTheAskedIntervalAndNotAtAllWhenNotAsked() {
        Path config = twoProcessesTheSecondReadyAfterASecond();
        try (var run = run(config, Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "400000"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> messages().stream().anyMatch(m -> m.startsWith("READY=1")));
            // The clock starts before the count, so every ping counted after it was sent after it.
            long start = System.nanoTime();
            long first = messages().stream().filter("WATCHDOG=1"::equals).count();
            // Every 200 ms: ten more come, and never early (nine whole intervals at least; the first may
            // come at once). A loaded machine makes them late, so there is no upper bound here: that the
            // interval is half of WATCHDOG_USEC is SystemdNotifierTest's (a fake clock), and the stuck-loop
            // test below reads it from the orchestrator's own line ("has not turned for 200 ms").
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> messages().stream().filter("WATCHDOG=1"::equals).count() - first >= 10);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).as("ten pings at 200 ms took %d ms", tookMs).isGreaterThanOrEqualTo(1700L);
        }
        // The first run has exited, so all it sent is queued on the socket: read it before forgetting it,
        // or a ping it sent while stopping (its pings keep the phase of its start) is read as the second's.
        messages();
        received.clear();
        try (var run = run(config, Map.of("NOTIFY_SOCKET", address))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> messages().stream().anyMatch(m -> m.startsWith("READY=1")));
            // Not asked: none comes, for a good while.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> !messages().contains("WATCHDOG=1"));
            assertThat(messages()).doesNotContain("WATCHDOG=1");
        }
    }

    /**
     * The ping must prove that both loops turn: the supervisor loop sends it, and only when the I/O
     * loop (which reads every child's output and sees every exit) has turned since the last one. A
     * stuck I/O loop left a supervisor that pinged on, blind to its children. The I/O loop is frozen
     * for real, from outside, while it waits in epoll_wait (see {@link ThreadFreezer}).
     */
    @Test
    void theWatchdogIsNotPingedWhileTheIoLoopIsStuckAndIsAgainOnceItTurns() {
        Path config = twoProcessesTheSecondReadyAfterASecond();
        try (var run = run(config, Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "400000"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> messages().stream().anyMatch(m -> m.startsWith("READY=1")));
            await().atMost(Duration.ofSeconds(20)).until(() -> pings() >= 3);
            long held;
            try (var frozen = ThreadFreezer.freeze(run.pid(), "io-loop")) {
                run.awaitStdout("\\[orchestrator] the I/O loop has not turned for 200 ms; the systemd watchdog is not pinged until it does",
                        Duration.ofSeconds(10));
                held = pings();
                // Five intervals and more without a ping: systemd would restart us after two.
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pings() == held);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pings() > held);
        }
    }

    private long pings() {
        return messages().stream().filter("WATCHDOG=1"::equals).count();
    }

    @Test
    void aReloadIsBracketedByReloadingAndReady() {
        Path config = twoProcessesTheSecondReadyAfterASecond();
        try (var run = run(config, Map.of("NOTIFY_SOCKET", address))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> messages().stream().anyMatch(m -> m.startsWith("READY=1")));
            var reload = OrchestratorRun.start("reload", "--config", config.toString());
            assertThat(reload.awaitExit(Duration.ofSeconds(20))).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> messages().contains("READY=1"));
            List<String> all = messages();
            int reloading = all.size() - 1 - all.reversed().indexOf(
                    all.stream().filter(m -> m.startsWith("RELOADING=1\nMONOTONIC_USEC=")).findFirst().orElseThrow());
            assertThat(all.indexOf("READY=1")).isGreaterThan(reloading);
        }
    }

    @Test
    void theChildrenDoNotInheritTheNotifySocketOrTheWatchdog() {
        var config = new ConfigBuilder();
        config.shell("env", "echo \"notify=$${NOTIFY_SOCKET:-none} usec=$${WATCHDOG_USEC:-none} pid=$${WATCHDOG_PID:-none}\"; exec sleep 300");
        try (var run = run(config.writeTo(dir), Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "60000000"))) {
            run.awaitStdout("\\[env] notify=none usec=none pid=none$");
            await().atMost(Duration.ofSeconds(20)).until(() -> messages().stream().anyMatch(m -> m.startsWith("READY=1")));
        }
    }
}

package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.commonplace.orchestrator.testing.StatePayloads.state;

import java.nio.file.Path;
import java.time.Duration;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.StatePublisher;
import org.commonplace.orchestrator.testing.Tmux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} live, as its own process against a real mosquitto: one line per change off a
 * terminal, the picture redrawn in place in a real pseudo-terminal (tmux), the broker's loss and
 * return, and Ctrl+C (SIGINT) ending it with 0.
 */
final class FleetWatchTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "commonplace/orchestrator";

    @TempDir
    Path dir;

    @Test
    void offATerminalEachChangeIsOneLineTheBrokersLossAndReturnOneLineEachAndSigintExitsZero() throws Exception {
        var broker = Mosquitto.start(dir);
        int port = broker.port();
        try (var publisher = new StatePublisher(port, PREFIX)) {
            publisher.retain("box-a/status", "online");
            publisher.retain("box-a/processes/web/state", state("web", ProcessState.RUNNING, 42, 0));
        }
        try (var watch = OrchestratorRun.start("watch", "--mqtt-broker", "127.0.0.1:" + port, "--prefix", PREFIX)) {
            watch.awaitStdout("^box-a online$", WAIT);
            watch.awaitStdout("^box-a/web running pid 42 restarts 0 ready yes$", WAIT);

            try (var publisher = new StatePublisher(port, PREFIX)) {
                publisher.retain("box-a/processes/web/state", state("web", ProcessState.BACKING_OFF, 0, 1));
                publisher.retain("box-a/processes/web/state", state("web", ProcessState.BACKING_OFF, 0, 1));
                publisher.retain("box-a/status", "offline");
            }
            watch.awaitStdout("^box-a offline$", WAIT);
            // The same state twice is one change.
            assertThat(watch.stdoutLines()).containsExactly("box-a online", "box-a/web running pid 42 restarts 0 ready yes",
                    "box-a/web backing_off pid - restarts 1 ready no", "box-a offline");

            broker.close();
            watch.awaitStderr("lost the MQTT broker at 127.0.0.1:" + port, WAIT);
            broker = Mosquitto.startOn(dir, port); // without persistence: it lost every retained message
            watch.awaitStderr("the MQTT broker at 127.0.0.1:" + port + " is back", WAIT);
            try (var publisher = new StatePublisher(port, PREFIX)) {
                publisher.retain("box-a/status", "online");
                publisher.retain("box-a/processes/web/state", state("web", ProcessState.RUNNING, 50, 2));
            }
            watch.awaitStdout("^box-a/web running pid 50 restarts 2 ready yes$", WAIT);
            assertThat(watch.stdoutLines()).endsWith("box-a online", "box-a/web running pid 50 restarts 2 ready yes");
            assertThat(watch.stderr().lines()).containsExactly(
                    "commonplace-orchestrator watch: lost the MQTT broker at 127.0.0.1:" + port + " (connection lost); reconnecting",
                    "commonplace-orchestrator watch: the MQTT broker at 127.0.0.1:" + port + " is back");

            watch.signal(2); // SIGINT, as Ctrl+C sends
            assertThat(watch.awaitExit(WAIT)).isZero();
        } finally {
            broker.close();
        }
    }

    @Test
    void startedWithSigintIgnoredAndItsBrokerGoneSigintStillEndsItWithZero() throws Exception {
        var broker = Mosquitto.start(dir);
        String address = "127.0.0.1:" + broker.port();
        // As a script's `watch &` starts it: SIGINT ignored, which the JVM would then not catch.
        try (var watch = OrchestratorRun.startWithSigintIgnored("watch", "--mqtt-broker", address, "--prefix", PREFIX)) {
            try (var publisher = new StatePublisher(broker.port(), PREFIX)) {
                publisher.retain("box/status", "online");
            }
            watch.awaitStdout("^box online$", WAIT);
            broker.close();
            watch.awaitStderr("lost the MQTT broker at " + address, WAIT);
            watch.signal(2);
            assertThat(watch.awaitExit(WAIT)).isZero();
        } finally {
            broker.close();
        }
    }

    @Test
    void onATerminalThePictureIsRedrawnInPlaceTheBrokersStateIsOnTopAndCtrlCRestoresTheCursorAndExitsZero()
            throws Exception {
        var broker = Mosquitto.start(dir);
        int port = broker.port();
        try {
            try (var publisher = new StatePublisher(port, PREFIX)) {
                publisher.retain("box-b/status", "offline");
                publisher.retain("box-b/processes/clock/state", state("clock", ProcessState.RUNNING, 77, 0));
                publisher.retain("box-a/status", "online");
                publisher.retain("box-a/processes/web/state", state("web", ProcessState.RUNNING, 42, 0));
            }
            // The shell traps SIGINT (to go on and print EXIT=) without ignoring it: exec gives watch the default back.
            String command = "trap 'echo INT' INT; echo BEFORE-WATCH; " + Tmux.orchestrator("watch", "--mqtt-broker",
                    "127.0.0.1:" + port, "--prefix", PREFIX) + "; echo EXIT=$?; sleep 300";
            try (var terminal = Tmux.start(100, 24, command)) {
                String screen = terminal.awaitScreen("(?s)^box-a  online.*^  web +running +42 .*^  clock +running +77 ", WAIT);
                assertThat(screen).contains("watch 127.0.0.1:" + port + "  connected  ").contains("Ctrl+C quits")
                        .contains("box-b  offline (last known states)").doesNotContain("BEFORE-WATCH");
                assertThat(terminal.cursorVisible()).isFalse();

                try (var publisher = new StatePublisher(port, PREFIX)) {
                    publisher.retain("box-a/processes/web/state", state("web", ProcessState.BACKING_OFF, 0, 1));
                }
                screen = terminal.awaitScreen("^  web +backing_off +- +1 ", WAIT);
                assertThat(screen).doesNotContain("running      42"); // redrawn in place, not appended

                broker.close();
                screen = terminal.awaitScreen("^watch 127.0.0.1:" + port + "  lost at [0-9:]+ \\(connection lost\\), reconnecting", WAIT);
                assertThat(screen).contains("box-a  online"); // the last known picture stays
                broker = Mosquitto.startOn(dir, port);
                terminal.awaitScreen("^watch 127.0.0.1:" + port + "  connected again at ", WAIT);

                terminal.keys("C-c");
                terminal.awaitScreen("^EXIT=0$", WAIT);
                await().atMost(WAIT).until(terminal::cursorVisible);
            }
        } finally {
            broker.close();
        }
    }
}

package org.commonplace.orchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commonplace.orchestrator.testing.StatePayloads.state;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.commonplace.orchestrator.model.ProcessState;
import org.junit.jupiter.api.Test;

/** The fleet model: what each message does to the picture, what it says changed, and what it refuses. */
final class FleetTest {
    private static final String P = "commonplace/orchestrator";
    private final Fleet fleet = new Fleet(P);

    private Optional<String> send(String topic, String payload) {
        return fleet.accept(P + "/" + topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<String> send(String topic, byte[] payload) {
        return fleet.accept(P + "/" + topic, payload);
    }

    @Test
    void statusAndStatesMakeInstancesWithSortedProcessesAndEachChangeIsOneLine() {
        assertThat(send("box-b/status", "online")).contains("box-b online");
        assertThat(send("box-b/processes/web/state", state("web", ProcessState.RUNNING, 42, 1)))
                .contains("box-b/web running pid 42 restarts 1 ready yes");
        assertThat(send("box-b/processes/db/state", state("db", ProcessState.BACKING_OFF, 0, 3)))
                .contains("box-b/db backing_off pid - restarts 3 ready no");
        assertThat(send("box-a/status", "offline")).contains("box-a offline");

        Fleet.Picture picture = fleet.picture();
        assertThat(picture.instances()).extracting(Fleet.Instance::name).containsExactly("box-a", "box-b");
        assertThat(picture.instances().get(0).status()).isEqualTo(Fleet.Status.OFFLINE);
        assertThat(picture.instances().get(1).processes().keySet()).containsExactly("db", "web");
        assertThat(picture.instances().get(1).processes().get("web").pid()).isEqualTo(42);
        assertThat(picture.ignored()).isZero();
    }

    @Test
    void theSameStateAgainIsNoChangeAndAnotherIs() {
        send("box/processes/web/state", state("web", ProcessState.RUNNING, 42, 0));
        assertThat(send("box/processes/web/state", state("web", ProcessState.RUNNING, 42, 0))).isEmpty();
        assertThat(send("box/status", "online")).isPresent();
        assertThat(send("box/status", "online")).isEmpty();
        assertThat(send("box/processes/web/state", state("web", ProcessState.RUNNING, 43, 1)))
                .contains("box/web running pid 43 restarts 1 ready yes");
    }

    @Test
    void anEmptyPayloadRemovesTheProcessAndAnInstanceWithNothingRetainedIsForgotten() {
        send("box/processes/web/state", state("web", ProcessState.RUNNING, 42, 0));
        send("box/processes/db/state", state("db", ProcessState.RUNNING, 41, 0));
        assertThat(send("box/processes/web/state", "")).contains("box/web removed");
        assertThat(send("box/processes/web/state", "")).isEmpty();
        assertThat(fleet.picture().instances().getFirst().processes().keySet()).containsExactly("db");
        send("box/processes/db/state", "");
        assertThat(fleet.isEmpty()).isTrue();

        send("gone/status", "offline");
        assertThat(send("gone/status", "")).contains("gone unknown");
        assertThat(fleet.isEmpty()).isTrue();
    }

    @Test
    void commandTopicsAndOtherTrafficUnderThePrefixAreNotStateAndNotCountedAsIgnored() {
        assertThat(send("box/processes/web/cmd", "restart")).isEmpty();
        assertThat(send("box/processes/web/state/extra", "x")).isEmpty();
        assertThat(fleet.accept("elsewhere/box/status", "online".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(fleet.accept(P + "x/box/status", "online".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(fleet.isEmpty()).isTrue();
        assertThat(fleet.picture().ignored()).isZero();
    }

    @Test
    void malformedPayloadsAreDroppedAndCountedAndLeaveTheLastGoodStateAlone() {
        send("box/processes/web/state", state("web", ProcessState.RUNNING, 42, 0));
        String[] bad = {
            "not json", "[1,2]", "{}", "\"running\"",
            "{\"name\":\"web\",\"state\":\"RUNNING!\",\"pid\":1,\"restarts\":0}",
            "{\"name\":\"web\",\"state\":\"running\",\"pid\":-5,\"restarts\":0}",
            "{\"name\":\"web\",\"state\":\"running\",\"pid\":1.5,\"restarts\":0}",
            "{\"name\":\"web\",\"state\":\"running\",\"pid\":\"7\",\"restarts\":0}",
            "{\"name\":\"web\",\"state\":\"running\",\"pid\":1,\"restarts\":-1}",
            "{\"name\":\"other\",\"state\":\"running\",\"pid\":1,\"restarts\":0}",
            "{\"name\":\"web\",\"state\":\"running\",\"pid\":1,\"restarts\":0,\"last_exit\":{\"signal\":\"\\u001b[2J\"}}",
            "{\"name\":\"web\",\"state\":\"running\",\"pid\":1,\"restarts\":0,\"last_exit\":{\"code\":1,\"at\":\"yesterday\"}}",
            "{\"name\":\"web\",\"state\":\"running\",\"pid\":1,\"restarts\":0,\"health\":\"" + "x".repeat(65) + "\"}",
            "[".repeat(100_000),
        };
        for (String payload : bad) {
            assertThat(send("box/processes/web/state", payload)).as(payload).isEmpty();
        }
        assertThat(send("box/status", "maybe")).isEmpty();
        assertThat(send("box/processes/web/state", new byte[] {'{', (byte) 0xff, '}'})).isEmpty();
        assertThat(send("box/processes/web/state", "x".repeat(Fleet.MAX_PAYLOAD_BYTES + 1))).isEmpty();

        Fleet.Picture picture = fleet.picture();
        assertThat(picture.ignored()).isEqualTo(bad.length + 3);
        assertThat(picture.instances().getFirst().processes().get("web").pid()).isEqualTo(42);
        assertThat(picture.instances().getFirst().status()).isEqualTo(Fleet.Status.UNKNOWN);
    }

    @Test
    void controlCharactersInTopicsAreEscapedInTheChangeLine() {
        String name = "w\u001b[2Jeb\nbox-x online";
        assertThat(send("b\u0007ox/processes/" + name + "/state", state(name, ProcessState.RUNNING, 7, 0)))
                .contains("b\\x07ox/w\\e[2Jeb\\nbox-x online running pid 7 restarts 0 ready yes");
    }

    @Test
    void instancesAndProcessesAreBoundedAndWhatIsOverTheBoundIsCounted() {
        for (int i = 0; i < Fleet.MAX_INSTANCES; i++) {
            assertThat(send("i" + i + "/status", "online")).isPresent();
        }
        assertThat(send("one-too-many/status", "online")).isEmpty();
        assertThat(send("one-too-many/processes/a/state", state("a", ProcessState.RUNNING, 1, 0))).isEmpty();
        for (int p = 0; p < Fleet.MAX_PROCESSES; p++) {
            send("i" + (p % 10) + "/processes/p" + p + "/state", state("p" + p, ProcessState.RUNNING, 1, 0));
        }
        assertThat(send("i0/processes/extra/state", state("extra", ProcessState.RUNNING, 1, 0))).isEmpty();
        // A known process may still change, and removing one makes room.
        assertThat(send("i0/processes/p0/state", state("p0", ProcessState.STOPPED, 0, 0))).isPresent();
        assertThat(send("i0/processes/p0/state", "")).isPresent();
        assertThat(send("i0/processes/extra/state", state("extra", ProcessState.RUNNING, 1, 0))).isPresent();

        Fleet.Picture picture = fleet.picture();
        assertThat(picture.instances()).hasSize(Fleet.MAX_INSTANCES);
        assertThat(picture.instances().stream().mapToInt(i -> i.processes().size()).sum()).isEqualTo(Fleet.MAX_PROCESSES);
        assertThat(picture.ignored()).isEqualTo(3);
    }

    @Test
    void overlongOrEmptyTopicLevelsAreNotOurs() {
        assertThat(send("x".repeat(FleetTopic.MAX_LEVEL_CHARS + 1) + "/status", "online")).isEmpty();
        assertThat(send("/status", "online")).isEmpty();
        assertThat(send("box/processes//state", state("", ProcessState.RUNNING, 1, 0))).isEmpty();
        assertThat(fleet.isEmpty()).isTrue();
    }
}

package org.commonplace.orchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commonplace.orchestrator.testing.StatePayloads.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessState;
import org.junit.jupiter.api.Test;

/** The fleet as printed: blocks sorted by instance, aligned rows sorted by name, offline marked, everything escaped. */
final class FleetTableTest {
    private static final String P = "site";
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private final Fleet fleet = new Fleet(P);

    private void send(String topic, byte[] payload) {
        fleet.accept(P + "/" + topic, payload);
    }

    private void send(String topic, String payload) {
        send(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneBlockPerInstanceWithAnAlignedTableAndOfflineMarked() {
        send("box-b/status", "offline");
        send("box-b/processes/clock/state", state("clock", ProcessState.RUNNING, 77, 0));
        send("box-a/status", "online");
        send("box-a/processes/web/state", state("web", ProcessState.BACKING_OFF, 0, 3,
                Optional.of(new ExitStatus(1)), Optional.of(NOW.minusSeconds(12))));
        send("box-a/processes/db/state", state("db", ProcessState.RUNNING, 1234, 0,
                Optional.of(ExitStatus.killed(9, false)), Optional.empty()));

        assertThat(FleetTable.lines(fleet.picture(), NOW, "b:1 under site", false)).containsExactly(
                "box-a  online",
                "  NAME  STATE        PID   RESTARTS  READY  HEALTH  LAST EXIT",
                "  db    running      1234  0         yes    -       SIGKILL",
                "  web   backing_off  -     3         no     -       code 1, 12s ago",
                "",
                "box-b  offline (last known states)",
                "  NAME   STATE    PID  RESTARTS  READY  HEALTH  LAST EXIT",
                "  clock  running  77   0         yes    -       -");
    }

    @Test
    void onATerminalAnOfflineInstancesRowsAreDimmedButNotItsHeader() {
        send("box/status", "offline");
        send("box/processes/a/state", state("a", ProcessState.RUNNING, 5, 0));
        assertThat(FleetTable.lines(fleet.picture(), NOW, "x", true)).containsExactly(
                "box  offline (last known states)",
                "  NAME  STATE    PID  RESTARTS  READY  HEALTH  LAST EXIT",
                "  \033[2ma     running  5    0         yes    -       -\033[0m");
    }

    @Test
    void anEmptyFleetSaysWhereNobodyPublishesAndIgnoredMessagesAreCounted() {
        assertThat(FleetTable.lines(fleet.picture(), NOW, "127.0.0.1:1883 under site", false))
                .containsExactly("no orchestrator publishes on 127.0.0.1:1883 under site");
        send("box/status", "online");
        send("box/processes/a/state", "{oops");
        assertThat(FleetTable.lines(fleet.picture(), NOW, "x", false)).containsExactly(
                "box  online",
                "  (no processes)",
                "",
                "(1 message ignored: not an orchestrator's state, too large, or over the limit of instances or processes)");
    }

    @Test
    void namesAndHealthAreEscapedSoTheyCannotMoveTheCursorOrStartALine() {
        String name = "x\u001b[H\rbox-z  online";
        send("ev\u001bil/processes/" + name + "/state", ("{\"name\":\"" + name.replace("\u001b", "\\u001b").replace("\r", "\\r")
                + "\",\"state\":\"running\",\"pid\":3,\"restarts\":0,\"ready\":true,\"health\":\"ok\\u009b2J\"}"));
        var lines = FleetTable.lines(fleet.picture(), NOW, "x", false);
        assertThat(String.join("\n", lines)).doesNotContain("\u001b", "\r", "\u009b");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("ev\\eil  status unknown");
        assertThat(lines.get(2)).startsWith("  x\\e[H\\rbox-z  online  running").contains("ok\\u009b2J");
    }
}

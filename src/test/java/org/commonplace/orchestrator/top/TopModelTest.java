package org.commonplace.orchestrator.top;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view model of {@code top}: selection, filter, output pane and table cells, without a terminal. */
final class TopModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private static JsonNode processes(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TopModel threeProcesses() {
        var model = new TopModel();
        model.processes(processes("""
                [{"name":"clock","state":"running","pid":100,"started_at":"2026-05-01T09:57:50Z","restarts":0,
                  "last_exit":null,"next_restart_at":null,"rss_bytes":50331648,"cpu_percent":0.9,"stopped_by_hand":false},
                 {"name":"web","state":"running","pid":200,"started_at":"2026-05-01T09:59:55Z","restarts":2,
                  "last_exit":{"signal":"SIGTERM","at":"2026-05-01T09:59:54Z"},"next_restart_at":null,
                  "rss_bytes":null,"cpu_percent":null,"stopped_by_hand":false},
                 {"name":"flaky","state":"backing_off","pid":null,"started_at":"2026-05-01T09:59:00Z","restarts":7,
                  "last_exit":{"code":1,"at":"2026-05-01T09:59:59.588Z"},"next_restart_at":"2026-05-01T10:00:03Z",
                  "rss_bytes":null,"cpu_percent":null,"stopped_by_hand":false}]"""));
        return model;
    }

    private static String selected(TopModel model) {
        return model.selected().map(Row::name).orElse("none");
    }

    @Test
    void theFirstProcessIsSelectedAndArrowsOrJkMoveTheSelectionWithinTheList() {
        TopModel model = threeProcesses();
        assertThat(selected(model)).isEqualTo("clock");
        model.key(Key.of(Key.Kind.UP));
        assertThat(selected(model)).isEqualTo("clock");
        model.key(Key.of(Key.Kind.DOWN));
        assertThat(selected(model)).isEqualTo("web");
        model.key(Key.of('j'));
        model.key(Key.of('j'));
        assertThat(selected(model)).isEqualTo("flaky");
        model.key(Key.of('k'));
        assertThat(selected(model)).isEqualTo("web");
    }

    @Test
    void theSelectionFollowsItsProcessByNameWhenTheListChanges() {
        TopModel model = threeProcesses();
        model.key(Key.of('j'));
        model.processes(processes("[{\"name\":\"new\",\"state\":\"starting\"},{\"name\":\"web\",\"state\":\"stopping\"}]"));
        assertThat(selected(model)).isEqualTo("web");
        assertThat(model.selectedIndex()).isEqualTo(1);
        model.processes(processes("[{\"name\":\"new\",\"state\":\"running\"}]"));
        assertThat(selected(model)).isEqualTo("new");
    }

    @Test
    void rSAndCapitalSAskToRestartStopAndStartTheSelectedProcessOnly() {
        TopModel model = threeProcesses();
        model.key(Key.of('j'));
        assertThat(model.key(Key.of('r'))).isEqualTo(new Action.Steer("restart", "web"));
        assertThat(model.status()).isEqualTo("restart web...");
        assertThat(model.key(Key.of('s'))).isEqualTo(new Action.Steer("stop", "web"));
        assertThat(model.key(Key.of('S'))).isEqualTo(new Action.Steer("start", "web"));
        assertThat(model.key(Key.of('x'))).isEqualTo(new Action.None());
    }

    @Test
    void xAsksForASignalNameAndEnterSendsItToTheSelectedProcessWhileEscCallsItOff() {
        TopModel model = threeProcesses();
        model.key(Key.of('j'));
        assertThat(model.key(Key.of('x'))).isEqualTo(new Action.None());
        assertThat(model.footer()).isEqualTo(TopModel.SIGNAL_FOOTER);
        for (char c : "HUPx".toCharArray()) {
            model.key(Key.of(c));
        }
        model.key(Key.of(Key.Kind.BACKSPACE));
        // While a signal is typed, its letters are not commands: 'q' did not quit, 's' did not stop.
        assertThat(model.status()).isEqualTo("signal for web: HUP");
        assertThat(model.key(Key.of(Key.Kind.ENTER))).isEqualTo(new Action.Signal("web", "HUP"));
        assertThat(model.footer()).isEqualTo(TopModel.FOOTER);
        model.key(Key.of('x'));
        model.key(Key.of('q'));
        assertThat(model.key(Key.of(Key.Kind.ESCAPE))).isEqualTo(new Action.None());
        assertThat(model.key(Key.of('s'))).isEqualTo(new Action.Steer("stop", "web"));
    }

    @Test
    void qCtrlCAndTheEndOfInputQuit() {
        TopModel model = threeProcesses();
        assertThat(model.key(Key.of('q'))).isEqualTo(new Action.Quit());
        assertThat(model.key(Key.of(Key.Kind.CTRL_C))).isEqualTo(new Action.Quit());
        assertThat(model.key(Key.of(Key.Kind.EOF))).isEqualTo(new Action.Quit());
    }

    @Test
    void slashFiltersByNameAsItIsTypedAndEscapeClearsTheFilter() {
        TopModel model = threeProcesses();
        model.key(Key.of('/'));
        assertThat(model.editingFilter()).isTrue();
        assertThat(model.footer()).isEqualTo(TopModel.FILTER_FOOTER);
        model.key(Key.of('F'));
        model.key(Key.of('l'));
        assertThat(model.visible()).extracting(Row::name).containsExactly("flaky");
        assertThat(selected(model)).isEqualTo("flaky");
        // While typing, letters are the filter's, not commands: 'r' restarts nothing.
        assertThat(model.key(Key.of('r'))).isEqualTo(new Action.None());
        assertThat(model.visible()).isEmpty();
        model.key(Key.of(Key.Kind.BACKSPACE));
        model.key(Key.of(Key.Kind.ENTER));
        assertThat(model.editingFilter()).isFalse();
        assertThat(model.filter()).isEqualTo("Fl");
        assertThat(model.key(Key.of('r'))).isEqualTo(new Action.Steer("restart", "flaky"));
        model.key(Key.of('/'));
        model.key(Key.of(Key.Kind.ESCAPE));
        assertThat(model.filter()).isEmpty();
        assertThat(model.visible()).hasSize(3);
    }

    @Test
    void theKeysCannotSteerWhenNothingIsSelected() {
        var model = new TopModel();
        assertThat(model.key(Key.of('r'))).isEqualTo(new Action.None());
        assertThat(model.status()).isEqualTo("no process selected");
    }

    @Test
    void thePaneShowsAllOutputPrefixedOrTheSelectedProcessAfterEnterOrL() {
        TopModel model = threeProcesses();
        model.line("clock", "tick 1");
        model.line("web", "GET / 200");
        model.line("orchestrator", "started web");
        assertThat(model.paneTitle()).isEqualTo("output: all");
        assertThat(model.pane(10)).containsExactly("[clock] tick 1", "[web] GET / 200", "[orchestrator] started web");
        assertThat(model.pane(2)).containsExactly("[web] GET / 200", "[orchestrator] started web");
        model.key(Key.of('j'));
        model.key(Key.of(Key.Kind.ENTER));
        assertThat(model.paneTitle()).isEqualTo("output: web");
        assertThat(model.pane(10)).containsExactly("GET / 200");
        model.key(Key.of('k'));
        model.key(Key.of('l'));
        assertThat(model.pane(10)).containsExactly("tick 1");
        model.key(Key.of('a'));
        assertThat(model.pane(10)).hasSize(3);
    }

    @Test
    void aQuietProcessKeepsItsLinesWhenAnotherFloodsTheMergedView() {
        TopModel model = threeProcesses();
        model.line("web", "listening");
        for (int i = 0; i < OutputLines.MERGED + 10; i++) {
            model.line("flaky", "line " + i);
        }
        assertThat(model.pane(5)).allMatch(l -> l.startsWith("[flaky] "));
        model.key(Key.of('j'));
        model.key(Key.of('l'));
        assertThat(model.pane(5)).containsExactly("listening");
    }

    @Test
    void outputIsMadeSafeToDraw() {
        assertThat(OutputLines.clean("\u001b[31mred\u001b[0m\tand\u0007 \u001b]0;title\u0007done\r"))
                .isEqualTo("red    and\\x07 done\\r");
    }

    @Test
    void thePaneEscapesC1ControlsAndTheTableAndStatusEveryControlFromTheSocket() {
        // U+009B is the 8-bit CSI: "\u009b2J" clears a terminal that reads C1 controls as ESC [.
        TopModel model = threeProcesses();
        model.line("web", "a\u009b2Jb\u0085c\u007fd");
        assertThat(model.pane(1)).containsExactly("[web] a\\u009b2Jb\\u0085c\\x7fd");
        model.processes(processes("""
                [{"name":"w\\u009beb","state":"running\\u001b[5m","pid":"1\\u0007","restarts":"\\r",
                  "started_at":"-1000000000-01-01T00:00:00Z","health":"ok\\u009b"}]"""));
        assertThat(model.table(NOW).get(1)).containsExactly("w\\u009beb", "running\\e[5m", "1\\x07", "?", "\\r", "-", "-",
                "ok\\u009b", "-", "-");
        model.status("refused \u009b2J");
        assertThat(model.status()).isEqualTo("refused \\u009b2J");
    }

    @Test
    void aLineIsKeptToWhatAScreenCanShow() {
        assertThat(OutputLines.clean("x".repeat(1_000_000))).hasSize(OutputLines.MAX_CHARS);
    }

    @Test
    void theTableShowsEachColumnAsPsDoesWithoutHealthUnlessAProcessHasIt() {
        TopModel model = threeProcesses();
        List<List<String>> table = model.table(NOW);
        assertThat(table.getFirst()).containsExactly("NAME", "STATE", "PID", "UPTIME", "RST", "LAST EXIT", "NEXT", "RSS", "CPU%");
        assertThat(table.get(1)).containsExactly("clock", "running", "100", "2m10s", "0", "-", "-", "48M", "0.9");
        assertThat(table.get(2)).containsExactly("web", "running", "200", "5s", "2", "SIGTERM, 6s ago", "-", "-", "-");
        assertThat(table.get(3)).containsExactly("flaky", "backing_off", "-", "-", "7", "code 1, 412ms ago", "in 3s", "-", "-");

        model.processes(processes("""
                [{"name":"web","state":"stopped","pid":null,"restarts":0,"stopped_by_hand":true,
                  "health":{"status":"unhealthy"}}]"""));
        table = model.table(NOW);
        assertThat(table.getFirst()).contains("HEALTH");
        assertThat(table.get(1)).containsExactly("web", "stopped (hand)", "-", "-", "0", "-", "-", "unhealthy", "-", "-");
    }

    @Test
    void aUserColumnComesLastOnlyWhenSomeProcessRunsAsAnotherUser() {
        TopModel model = new TopModel();
        model.processes(processes("""
                [{"name":"web","state":"running","pid":200,"restarts":0,"user":"www-data"},
                 {"name":"clock","state":"running","pid":100,"restarts":0,"user":null}]"""));
        List<List<String>> table = model.table(NOW);
        assertThat(table.getFirst().getLast()).isEqualTo("USER");
        assertThat(table.get(1).getLast()).isEqualTo("www-data");
        assertThat(table.get(2).getLast()).isEqualTo("-");
        assertThat(threeProcesses().table(NOW).getFirst()).doesNotContain("USER");
    }
}

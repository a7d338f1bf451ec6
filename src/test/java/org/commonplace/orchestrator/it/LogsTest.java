package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.fixtures.RawBytes;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 through a real orchestrator: colours on a terminal only, timestamps, JSON lines, log files, trouble. */
final class LogsTest {
    private static final String ESC = "\u001b[";
    /** Runs the command on a pseudo-terminal (util-linux script): our stdout is then a terminal. */
    private static final List<String> ON_A_TERMINAL = List.of("/bin/bash", "-c", "exec script -qfec \"${*@Q}\" /dev/null", "bash");

    @TempDir
    Path dir;

    private Path twoProcesses() {
        var config = new ConfigBuilder();
        config.shell("web", "echo hello; echo oops >&2").put("restart", ConfigBuilder.restart("never", 0, 0));
        config.shell("clock", "echo tick").put("restart", ConfigBuilder.restart("never", 0, 0));
        return config.writeTo(dir);
    }

    private static OrchestratorRun run(List<String> wrapper, Map<String, String> env, Path config, String... extra) {
        var args = new ArrayList<>(List.of("run", "--config", config.toString()));
        args.addAll(List.of(extra));
        return OrchestratorRun.start(wrapper, List.of(), env, args.toArray(String[]::new));
    }

    @Test
    void onATerminalNamesAreColouredPaddedAndStderrIsMarked() {
        try (var run = run(ON_A_TERMINAL, Map.of(), twoProcesses())) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            String out = run.stdout();
            assertThat(out).contains(ESC).contains(ESC + "1m[orchestrator]" + ESC + "0m ");
            String plain = out.replaceAll("\u001b\\[[0-9;]*m", "").replace("\r", "");
            // Padded to "clock": the text starts in the same column for both names.
            assertThat(plain).contains("[web]     hello\n").contains("[clock]   tick\n").contains("[web]   ! oops\n");
        }
    }

    @Test
    void onAPipeWithNoColorOrNeverThereIsNoColourAndAlwaysForcesIt() {
        Path config = twoProcesses();
        try (var run = run(List.of(), Map.of(), config)) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).doesNotContain(ESC).contains("[web] hello\n").contains("[clock] tick\n");
            assertThat(run.stderr()).contains("[web] oops\n");
        }
        try (var run = run(ON_A_TERMINAL, Map.of("NO_COLOR", ""), config)) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).doesNotContain(ESC).contains("[web] hello");
        }
        try (var run = run(ON_A_TERMINAL, Map.of(), config, "--color=never")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).doesNotContain(ESC);
        }
        try (var run = run(List.of(), Map.of("NO_COLOR", "1"), config, "--color=always")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).contains(ESC + "1m[orchestrator]").contains("hello");
        }
    }

    @Test
    void timestampsAreTheArrivalTimesMonotonicPerProcess() {
        var config = new ConfigBuilder();
        // Each slow line carries the time it was written (ms since the epoch, the same clock as the stamps).
        config.shell("slow", "for i in 1 2 3 4 5; do echo line $i $(date +%s%3N); sleep 0.2; done").put("restart", ConfigBuilder.restart("never", 0, 0));
        config.shell("fast", "for i in $(seq 1 2000); do echo f $i; done").put("restart", ConfigBuilder.restart("never", 0, 0));
        long before = System.currentTimeMillis();
        try (var run = OrchestratorRun.run(config.writeTo(dir), "--timestamps")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            long after = System.currentTimeMillis();
            var line = Pattern.compile("^(\\S+) \\[(\\w+)] (.*)$");
            Map<String, Long> last = new HashMap<>();
            List<Long> slow = new ArrayList<>();
            List<Long> written = new ArrayList<>();
            for (String l : run.stdoutLines()) {
                Matcher m = line.matcher(l);
                assertThat(m.matches()).as(l).isTrue();
                assertThat(m.group(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z)");
                long t = OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli();
                assertThat(t).isBetween(before - 1, after + 1);
                assertThat(t).as("monotonic for %s", m.group(2)).isGreaterThanOrEqualTo(last.getOrDefault(m.group(2), 0L));
                last.put(m.group(2), t);
                if (m.group(2).equals("slow")) {
                    slow.add(t);
                    written.add(Long.parseLong(m.group(3).substring(m.group(3).lastIndexOf(' ') + 1)));
                }
            }
            // Each line's own arrival time: never before it was written, and the first stamped before
            // the last was even written (not one time for the whole run's output). No wall-clock spacing is
            // asserted: a loaded machine may read a line late, which a stamp of its arrival then says.
            assertThat(slow).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(slow.get(i)).as("line %d stamped no earlier than written", i + 1).isGreaterThanOrEqualTo(written.get(i));
            }
            assertThat(slow.get(0)).as("the first line stamped when it came, before the fifth was written").isLessThan(written.get(4));
        }
    }

    @Test
    void jsonLinesParseCarryInvalidUtf8AndOurEventsWithTheirFields() throws IOException {
        var config = new ConfigBuilder();
        config.fixture("raw", RawBytes.class).put("restart", ConfigBuilder.restart("never", 0, 0));
        var mapper = new ObjectMapper();
        try (var run = OrchestratorRun.run(config.writeTo(dir), "--log-format", "json", "--utc")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String l : run.stdoutLines()) {
                lines.add(mapper.readTree(l));
            }
            assertThat(run.stderr()).isEmpty();
            JsonNode bad = lines.stream().filter(n -> n.has("line_base64")).findFirst().orElseThrow();
            assertThat(Base64.getDecoder().decode(bad.get("line_base64").asText()))
                    .isEqualTo(java.util.Arrays.copyOf(RawBytes.NOT_UTF8, RawBytes.NOT_UTF8.length - 1));
            assertThat(bad.get("process").asText()).isEqualTo("raw");
            assertThat(bad.get("stream").asText()).isEqualTo("stdout");
            assertThat(bad.get("time").asText()).endsWith("Z");
            assertThat(lines).anySatisfy(n -> {
                assertThat(n.get("stream").asText()).isEqualTo("stderr");
                assertThat(n.get("line").asText()).isEqualTo(RawBytes.ERR);
            });
            JsonNode started = lines.stream().filter(n -> n.path("event").asText().equals("started")).findFirst().orElseThrow();
            assertThat(started.get("process").asText()).isEqualTo("raw");
            assertThat(started.get("stream").asText()).isEqualTo("orchestrator");
            assertThat(started.get("pid").asLong()).isEqualTo(bad.get("pid").asLong());
            JsonNode exited = lines.stream().filter(n -> n.path("event").asText().equals("exited")).findFirst().orElseThrow();
            assertThat(exited.get("exit_code").asInt()).isZero();
        }
    }

    @Test
    void logDirGetsAFilePerProcessWithStderrMarkedAndOurOwn() throws IOException {
        var config = new ConfigBuilder().top("log_dir", "logs");
        config.shell("web", "echo hello; echo oops >&2").put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).contains("[web] hello");
        }
        String web = Files.readString(dir.resolve("logs/web.log"));
        assertThat(web).containsPattern("(?m)^\\S+ stdout F hello$").containsPattern("(?m)^\\S+ stderr F oops$");
        assertThat(Files.readString(dir.resolve("logs/orchestrator.log"))).containsPattern("(?m)^\\S+ stdout F started web \\(pid");
    }

    @Test
    void aFloodThroughRotationLeavesMaxFilesOfWholeLinesTheLastOnesInOrder() throws IOException {
        int lines = 300_000;
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(String.format("%07d the quick brown fox jumps over the lazy dog, again and again and again%n", i));
        }
        Path input = dir.resolve("input.txt");
        Files.writeString(input, text);
        var config = new ConfigBuilder().top("log_dir", "logs");
        var web = config.process("web", "cat", List.of(input.toString()));
        web.put("restart", ConfigBuilder.restart("never", 0, 0));
        web.put("log", Map.of("max_size_mb", 1, "max_files", 3));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        Path logs = dir.resolve("logs");
        assertThat(logs.resolve("web.log.3")).doesNotExist();
        var survivors = new ArrayList<String>();
        for (String name : List.of("web.log.2", "web.log.1", "web.log")) {
            Path p = logs.resolve(name);
            assertThat(Files.size(p)).as(name).isLessThanOrEqualTo(1024 * 1024);
            String content = Files.readString(p);
            assertThat(content).as(name).endsWith("\n");
            survivors.addAll(content.lines().toList());
        }
        var intact = Pattern.compile("^\\S+ stdout F (\\d{7}) the quick brown fox jumps over the lazy dog, again and again and again$");
        int first = -1;
        for (int i = 0; i < survivors.size(); i++) {
            Matcher m = intact.matcher(survivors.get(i));
            assertThat(m.matches()).as("an intact line: %s", survivors.get(i)).isTrue();
            if (first < 0) {
                first = Integer.parseInt(m.group(1));
            }
            assertThat(Integer.parseInt(m.group(1))).as("in order, none missing").isEqualTo(first + i);
        }
        assertThat(first + survivors.size()).as("ends with the last line").isEqualTo(lines);
    }

    @Test
    void usr1ReopensTheLogFilesAfterLogrotateMovedThem() throws Exception {
        var config = new ConfigBuilder().top("log_dir", "logs");
        Path stop = dir.resolve("stop");
        config.shell("web", "i=0; while [ ! -e " + stop + " ]; do i=$((i+1)); echo line $i; sleep 0.05; done")
                .put("restart", ConfigBuilder.restart("never", 0, 0));
        Path log = dir.resolve("logs/web.log");
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.size(log) > 0);
            Files.move(log, dir.resolve("logs/web.log.1"));
            run.signal(10); // SIGUSR1
            run.awaitStdout("received SIGUSR1: reopening the log files", Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.size(log) > 0);
            Files.writeString(stop, "");
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        assertThat(Files.readString(log)).containsPattern("stdout F line \\d+\n");
    }

    @Test
    void aLogFolderThatCannotBeMadeIsAnErrorBeforeAnythingStarts() throws IOException {
        Files.writeString(dir.resolve("file"), "in the way\n");
        var config = new ConfigBuilder().top("log_dir", "file/logs");
        config.shell("web", "echo hello").put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(run.stderr()).contains("error: log_dir: cannot create the folder").contains("file/logs");
            assertThat(run.stdout()).doesNotContain("started web");
        }
    }

    @Test
    void aClosedStdoutDoesNotStopSupervisionNorTheLogFiles() throws IOException {
        var config = new ConfigBuilder().top("log_dir", "logs");
        config.shell("web", "for i in $(seq 1 30); do echo line $i; sleep 0.05; done").put("restart", ConfigBuilder.restart("never", 0, 0));
        // Our stdout is a pipe into `head -n 2`, which exits after two lines.
        var wrapper = List.of("/bin/bash", "-c", "\"$@\" | head -n 2", "bash");
        try (var run = run(wrapper, Map.of(), config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdoutLines()).hasSize(2);
        }
        String web = Files.readString(dir.resolve("logs/web.log"));
        assertThat(web).contains("stdout F line 1\n").contains("stdout F line 30\n");
        String ours = Files.readString(dir.resolve("logs/orchestrator.log"));
        assertThat(ours).contains("nothing left to supervise");
        assertThat(ours.split("stdout was closed by its reader", -1)).as("said once, in the file").hasSize(2);
    }

    @Test
    void aFullLogDiskIsToldOnceAndWritingResumesWhenThereIsRoomAgain() throws Exception {
        // As root (the suite runs as root, as CI does): a tmpfs of 256 KiB is a disk that fills up.
        Path mount = Files.createDirectory(dir.resolve("small"));
        assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString())
                .inheritIO().start().waitFor()).as("mount a tmpfs").isZero();
        try {
            Path filler = mount.resolve("filler");
            Files.write(filler, new byte[200 * 1024]);
            Path stop = dir.resolve("stop");
            var config = new ConfigBuilder().top("log_dir", mount.toString());
            String line = "x".repeat(1000);
            config.shell("web", "i=0; while [ ! -e " + stop + " ]; do i=$((i+1)); echo \"$i " + line + "\"; sleep 0.005; done")
                    .put("restart", ConfigBuilder.restart("never", 0, 0));
            try (var run = OrchestratorRun.run(config.writeTo(dir))) {
                run.awaitStdout("cannot write to \\S*web\\.log: .*its lines are lost until it can be written again", Duration.ofSeconds(30));
                // Let the child write on into the full disk a while (every one of those writes fails too).
                long linesAtFailure = run.stdoutLines().size();
                await().atMost(Duration.ofSeconds(30)).until(() -> run.stdoutLines().size() >= linesAtFailure + 50);
                Files.delete(filler);
                run.awaitStdout("\\S*web\\.log can be written again; \\d+ lines were lost while it could not", Duration.ofSeconds(30));
                Files.writeString(stop, "");
                assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
                // Told once until it works again (the child may fill the disk once more after that).
                String untilRecovered = run.stdout().substring(0, run.stdout().indexOf("can be written again"));
                assertThat(Pattern.compile("cannot write to \\S*web\\.log").matcher(untilRecovered).results().count())
                        .as("told once").isEqualTo(1);
            }
            String web = Files.readString(mount.resolve("web.log"));
            assertThat(web).endsWith("\n");
            var intact = Pattern.compile("^\\S+ stdout F \\d+ " + line + "$");
            web.lines().forEach(l -> assertThat(intact.matcher(l).matches()).as("an intact line: %.60s", l).isTrue());
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }
}

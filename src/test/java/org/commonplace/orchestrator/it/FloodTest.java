package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.PipeSize;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten children flood their output at once (`cat` of a file each, 128 KiB writes, as figure K does)
 * while the orchestrator's stdout is read more slowly than they write: its queue fills, its writer's
 * arrays are reused, its I/O loop reads many pipes per turn. Every line must come out whole, under its
 * own process's name, in its order, none lost, none repeated: as text and as JSON, with lines that
 * hold bytes JSON must escape (quotes, backslashes, tabs, UTF-8, bytes that are not UTF-8).
 */
final class FloodTest {
    private static final int CHILDREN = 10;
    private static final int LINES = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Line {@code n} of child {@code c}, without its newline: mostly plain, now and then something to escape. */
    private static byte[] line(int c, int n) {
        String text = c + " " + String.format("%07d", n) + " ~flood~ abcdefghijklmnopqrstuvwxyz0123456789";
        byte[] extra = switch (n % 11) {
            case 3 -> "with \"quotes\"".getBytes(StandardCharsets.UTF_8);
            case 5 -> "back\\slash\tand tab".getBytes(StandardCharsets.UTF_8);
            case 7 -> "caf\u00e9 \u2603".getBytes(StandardCharsets.UTF_8);
            case 9 -> new byte[] {'r', 'a', 'w', ' ', (byte) 0xff, (byte) 0xc3};
            default -> new byte[0];
        };
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(bytes, bytes.length + extra.length);
        System.arraycopy(extra, 0, all, bytes.length, extra.length);
        return all;
    }

    private Path config() throws IOException {
        var config = new ConfigBuilder();
        for (int c = 0; c < CHILDREN; c++) {
            var out = new ByteArrayOutputStream();
            for (int n = 0; n < LINES; n++) {
                out.write(line(c, n));
                out.write('\n');
            }
            Path file = dir.resolve("lines" + c);
            Files.write(file, out.toByteArray());
            config.process("c" + c, "/bin/cat", List.of(file.toString())).put("restart", ConfigBuilder.restart("never", 0, 0));
        }
        return config.writeTo(dir);
    }

    /** Runs the floods with stdout a pipe (a FIFO) that this test reads at about 30 MB/s; {@return all it read} */
    private byte[] flood(String... options) throws Exception {
        Path config = config();
        Path fifo = dir.resolve("stdout");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // Opening a FIFO waits for the other end: the reader opens it as the orchestrator starts.
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readSlowly(fifo));
        try (var run = OrchestratorRun.runWithStdout(fifo.toFile(), config, options)) {
            assertThat(run.awaitExit(Duration.ofSeconds(120))).isZero();
        }
        return read.get(60, TimeUnit.SECONDS);
    }

    /** The room of the stdout pipe, as the reader saw it at the end; -1 until then. */
    private volatile int pipeSize = -1;

    private byte[] readSlowly(Path fifo) {
        var all = new ByteArrayOutputStream();
        byte[] buffer = new byte[32 * 1024];
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                LockSupport.parkNanos(1_000_000); // a reader slower than ten floods: the orchestrator's queue fills
            }
            pipeSize = PipeSize.of(descriptorOf(fifo));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return all.toByteArray();
    }

    /** {@return the number of this JVM's descriptor open on {@code path}} */
    private static int descriptorOf(Path path) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(path)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        }
        throw new IllegalStateException("no descriptor open on " + path);
    }

    /** Splits at newlines, keeping bytes as they are. */
    private static List<byte[]> lines(byte[] all) {
        var lines = new java.util.ArrayList<byte[]>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        assertThat(start).as("the output ends with a whole line").isEqualTo(all.length);
        return lines;
    }

    @Test
    void tenFloodsThroughASlowReaderComeOutWholePrefixedAndInOrder() throws Exception {
        int[] next = new int[CHILDREN];
        var prefix = Pattern.compile("^\\[c(\\d)] ");
        for (byte[] line : lines(flood())) {
            String latin = new String(line, StandardCharsets.ISO_8859_1);
            if (latin.startsWith("[orchestrator] ")) {
                continue;
            }
            var m = prefix.matcher(latin);
            assertThat(m.find()).as("a prefixed line: %s", latin).isTrue();
            int c = Integer.parseInt(m.group(1));
            assertThat(Arrays.copyOfRange(line, m.end(), line.length)).as("line %d of c%d, whole and in order", next[c], c)
                    .isEqualTo(line(c, next[c]));
            next[c]++;
        }
        assertThat(next).as("every line of every child").containsOnly(LINES);
        // The reader fell behind: the orchestrator grew its stdout pipe from 64 KiB, so both sides
        // move 1 MiB per wake-up instead (issue 29).
        assertThat(pipeSize).as("the stdout pipe's room").isEqualTo(PipeSize.WIDE);
    }

    @Test
    void tenJsonFloodsThroughASlowReaderComeOutWholeEscapedAndInOrder() throws Exception {
        int[] next = new int[CHILDREN];
        for (byte[] line : lines(flood("--log-format", "json"))) {
            JsonNode node = JSON.readTree(line);
            String process = node.path("process").asText();
            if (process.equals("orchestrator") || node.path("stream").asText().equals("orchestrator")) {
                continue;
            }
            assertThat(node.path("stream").asText()).isEqualTo("stdout");
            int c = Integer.parseInt(process.substring(1));
            byte[] bytes = node.hasNonNull("line_base64") ? Base64.getDecoder().decode(node.get("line_base64").asText())
                    : node.get("line").asText().getBytes(StandardCharsets.UTF_8);
            assertThat(bytes).as("line %d of c%d, whole and in order: %s", next[c], c, new String(line, StandardCharsets.UTF_8))
                    .isEqualTo(line(c, next[c]));
            next[c]++;
        }
        assertThat(next).as("every line of every child").containsOnly(LINES);
    }
}

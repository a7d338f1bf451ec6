package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation with {@code compress} and {@code max_age_days}: gzipped off the writer's thread, nothing lost, old files gone. */
final class LogCompressionTest {
    @TempDir
    Path dir;
    private final List<String> said = new CopyOnWriteArrayList<>();

    @Test
    void aFloodThroughCompressedRotationLosesNoLineAndLeavesOnlyGzippedRotatedFiles() throws IOException {
        var files = new LogFiles(said::add);
        Path log = dir.resolve("web.log");
        var file = files.file(new LogFiles.Spec(log, 8 * 1024, 100, 0, true));
        int lines = write(file, 10_000);
        files.flush(30_000);
        awaitCompressed();
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .as("only the current file and gzipped rotated ones").allMatch(n -> n.equals("web.log") || n.matches("web\\.log\\.[0-9]+\\.gz"));
        }
        List<String> survivors = survivors(log);
        assertThat(survivors).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            assertThat(survivors.get(i)).isEqualTo(line(i));
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("web.log.1.gz"))).doesNotContain(PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);
        assertThat(said).isEmpty();
    }

    @Test
    void compressedRotationKeepsMaxFilesOfTheLastLinesInOrder() throws IOException {
        var files = new LogFiles(said::add);
        Path log = dir.resolve("web.log");
        var file = files.file(new LogFiles.Spec(log, 8 * 1024, 3, 0, true));
        int lines = write(file, 20_000);
        files.flush(30_000);
        awaitCompressed();
        assertThat(dir.resolve("web.log.3.gz")).doesNotExist();
        assertThat(dir.resolve("web.log.2.gz")).exists();
        List<String> survivors = survivors(log);
        int first = Integer.parseInt(survivors.getFirst().substring(0, 7));
        for (int i = 0; i < survivors.size(); i++) {
            assertThat(survivors.get(i)).isEqualTo(line(first + i));
        }
        assertThat(first + survivors.size()).isEqualTo(lines);
    }

    @Test
    void rotatedFilesOlderThanMaxAgeAreDeletedByTheClockTheyAreHanded() throws IOException {
        Instant start = Instant.now();
        var now = new AtomicReference<>(start);
        InstantSource clock = now::get;
        Path log = dir.resolve("web.log");
        touch("web.log.1", start.minus(Duration.ofDays(8)));
        touch("web.log.2.gz", start.minus(Duration.ofDays(9)));
        touch("web.log.3", start.minus(Duration.ofDays(6)));
        Path other = touch("db.log.1", start.minus(Duration.ofDays(30)));
        touch("web.log", start.minus(Duration.ofDays(30)));
        var files = new LogFiles(said::add, clock);
        var file = files.file(new LogFiles.Spec(log, 1024, 100, 7, false));

        write(file, 100); // rotates (renaming web.log.K to .K+1, times kept): the keeper looks at the ages
        files.flush(30_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> rotatedAges(start).stream().allMatch(d -> d < 7));
        assertThat(rotatedAges(start)).as("the 6-day-old file and the ones rotated now").contains(6L, 0L);
        assertThat(other).as("another log's file").exists();
        assertThat(log).as("the current file, whatever its age").exists();

        // Eight days later by the clock: the files rotated today are past the age too.
        now.set(start.plus(Duration.ofDays(8)));
        write(file, 100);
        files.flush(30_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> rotatedAges(now.get()).stream().allMatch(d -> d < 7));
        assertThat(rotatedAges(start)).doesNotContain(6L);
        assertThat(said).isEmpty();
    }

    /** {@return the age in whole days, by {@code now}, of each rotated web.log file} */
    private List<Long> rotatedAges(Instant now) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith("web.log."))
                    .map(p -> Duration.between(mtime(p), now).toDays()).toList();
        }
    }

    private static Instant mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.MAX; // deleted meanwhile
        }
    }

    private Path touch(String name, Instant at) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "old\n");
        Files.setLastModifiedTime(p, FileTime.from(at));
        return p;
    }

    private static String line(int n) {
        return String.format("%07d %s", n, "x".repeat((n + 1) % 50));
    }

    /** Writes {@code lines} lines in batches of varying sizes, as the splitter hands them over. {@return how many} */
    private static int write(LogFiles.LogFile file, int lines) {
        int next = 0;
        while (next < lines) {
            var batch = new StringBuilder();
            for (int k = 0; k < 1 + next % 37 && next < lines; k++) {
                batch.append(line(next++)).append('\n');
            }
            byte[] b = batch.toString().getBytes(StandardCharsets.UTF_8);
            file.write(b, 0, b.length);
        }
        return lines;
    }

    private void awaitCompressed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Stream<Path> all = Files.list(dir)) {
                return all.noneMatch(p -> p.getFileName().toString().contains(".rotated-"));
            }
        });
    }

    /** Every line kept, oldest first: the gzipped files from the highest number down, then the current file. */
    private List<String> survivors(Path log) throws IOException {
        var numbered = new ArrayList<Path>();
        for (int n = 1; Files.exists(dir.resolve("web.log." + n + ".gz")); n++) {
            numbered.addFirst(dir.resolve("web.log." + n + ".gz"));
        }
        var lines = new ArrayList<String>();
        for (Path gz : numbered) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).as("%s ends with a whole line", gz).endsWith("\n");
                lines.addAll(List.of(text.split("\n")));
            }
        }
        String current = Files.readString(log);
        if (!current.isEmpty()) {
            lines.addAll(List.of(current.split("\n")));
        }
        return lines;
    }
}

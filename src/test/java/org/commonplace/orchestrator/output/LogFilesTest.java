package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log files: rotation that never splits or loses a line, safe opening, reopening, trouble told once. */
final class LogFilesTest {
    @TempDir
    Path dir;
    private final List<String> said = new CopyOnWriteArrayList<>();

    @Test
    void aFloodThroughRotationLeavesMaxFilesEachOfWholeLinesInOrderNoneLost() throws IOException {
        var files = new LogFiles(said::add);
        Path log = dir.resolve("web.log");
        var file = files.file(new LogFiles.Spec(log, 64 * 1024, 3));
        int lines = 200_000;
        int next = 0;
        // Batches of whole lines of varying sizes, as the splitter hands them over.
        while (next < lines) {
            var batch = new StringBuilder();
            for (int k = 0; k < 1 + next % 37 && next < lines; k++) {
                batch.append(String.format("%07d %s%n", next++, "x".repeat(next % 50)));
            }
            byte[] b = batch.toString().getBytes(StandardCharsets.UTF_8);
            file.write(b, 0, b.length);
        }
        files.flush(30_000);
        assertThat(dir.resolve("web.log.3")).doesNotExist();
        var survivors = new ArrayList<String>();
        for (Path p : List.of(dir.resolve("web.log.2"), dir.resolve("web.log.1"), log)) {
            String text = Files.readString(p);
            assertThat(Files.size(p)).as("%s within its size", p).isLessThanOrEqualTo(64 * 1024);
            assertThat(text).as("%s ends with a whole line", p).endsWith("\n");
            survivors.addAll(List.of(text.split("\n")));
        }
        // The survivors are the last lines, each whole, in order, none missing between them.
        int first = Integer.parseInt(survivors.get(0).substring(0, 7));
        for (int i = 0; i < survivors.size(); i++) {
            String line = survivors.get(i);
            int n = first + i;
            assertThat(line).isEqualTo(String.format("%07d %s", n, "x".repeat((n + 1) % 50)));
        }
        assertThat(first + survivors.size()).isEqualTo(lines);
        assertThat(said).isEmpty();
        assertThat(Files.getPosixFilePermissions(log)).doesNotContain(PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);
    }

    @Test
    void aSymbolicLinkAtTheFileIsNeverFollowedAndTheTroubleIsToldOnce() throws IOException {
        Path target = dir.resolve("precious");
        Files.writeString(target, "keep\n");
        Path log = dir.resolve("web.log");
        Files.createSymbolicLink(log, target);
        var files = new LogFiles(said::add);
        var file = files.file(new LogFiles.Spec(log, 0, 1));
        for (int i = 0; i < 3; i++) {
            byte[] b = "line\n".getBytes(StandardCharsets.UTF_8);
            file.write(b, 0, b.length);
        }
        files.flush(5000);
        await().atMost(Duration.ofSeconds(5)).until(() -> !said.isEmpty());
        assertThat(Files.readString(target)).isEqualTo("keep\n");
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).contains("cannot write to " + log).contains("symbolic link");
    }

    @Test
    void reopenMakesANewFileWhereTheOldOneWasMovedAway() throws IOException {
        var files = new LogFiles(said::add);
        Path log = dir.resolve("web.log");
        var file = files.file(new LogFiles.Spec(log, 0, 1));
        byte[] a = "before\n".getBytes(StandardCharsets.UTF_8);
        file.write(a, 0, a.length);
        files.flush(5000);
        Files.move(log, dir.resolve("web.log.rotated"));
        files.reopen();
        byte[] b = "after\n".getBytes(StandardCharsets.UTF_8);
        file.write(b, 0, b.length);
        files.flush(5000);
        assertThat(Files.readString(dir.resolve("web.log.rotated"))).isEqualTo("before\n");
        assertThat(Files.readString(log)).isEqualTo("after\n");
    }

    @Test
    void aFileTruncatedInPlaceGoesOnFromItsNewEndWithoutAHole() throws IOException {
        // logrotate's copytruncate: the file is copied away, then cut to 0 while we keep it open.
        var files = new LogFiles(said::add);
        Path log = dir.resolve("web.log");
        var file = files.file(new LogFiles.Spec(log, 1024, 2));
        byte[] a = "before the copy\n".getBytes(StandardCharsets.UTF_8);
        file.write(a, 0, a.length);
        files.flush(5000);
        try (var channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        byte[] b = "after\n".getBytes(StandardCharsets.UTF_8);
        file.write(b, 0, b.length);
        files.flush(5000);
        assertThat(Files.readString(log)).isEqualTo("after\n");
    }

    @Test
    void anExistingFileOfOursIsAppendedTo() throws IOException {
        Path log = dir.resolve("web.log");
        Files.writeString(log, "old\n");
        var files = new LogFiles(said::add);
        var file = files.file(new LogFiles.Spec(log, 0, 1));
        byte[] b = "new\n".getBytes(StandardCharsets.UTF_8);
        file.write(b, 0, b.length);
        files.flush(5000);
        assertThat(Files.readString(log)).isEqualTo("old\nnew\n");
    }

    @Test
    void aFolderAnotherUserPlantedAtARotatedNameIsRotatedAroundAndToldOnce() throws IOException {
        // The log file sits in a folder anyone may add to, as /tmp (sticky): nobody makes web.log.1 a folder.
        Path shared = Files.createTempDirectory("rotate-around");
        try {
            org.commonplace.orchestrator.testing.Attacker.asUs("chmod 1777 " + shared);
            // Not empty: an empty one would simply be replaced by the rename (we may remove it, as root).
            org.commonplace.orchestrator.testing.Attacker.asNobody("mkdir " + shared + "/web.log.1 && echo x > " + shared + "/web.log.1/keep");
            Path log = shared.resolve("web.log");
            var files = new LogFiles(said::add);
            var file = files.file(new LogFiles.Spec(log, 1024, 3));
            for (int i = 0; i < 100; i++) {
                byte[] b = String.format("%04d %s%n", i, "x".repeat(90)).getBytes(StandardCharsets.UTF_8);
                file.write(b, 0, b.length);
            }
            files.flush(10_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> !said.isEmpty());
            assertThat(said).singleElement().asString().contains(shared + "/web.log.1", "in the way");
            assertThat(Files.readString(log)).endsWith(String.format("0099 %s%n", "x".repeat(90)));
            assertThat(Files.size(log)).isLessThanOrEqualTo(1024);
            // The file before it went round the folder, to the next name.
            String before = Files.readString(shared.resolve("web.log.2"));
            assertThat(before).endsWith(String.format("%04d %s%n", Integer.parseInt(Files.readString(log).substring(0, 4)) - 1, "x".repeat(90)));
            assertThat(Files.isDirectory(shared.resolve("web.log.1"))).isTrue();
        } finally {
            org.commonplace.orchestrator.testing.Attacker.asUs("rm -rf " + shared);
        }
    }
}

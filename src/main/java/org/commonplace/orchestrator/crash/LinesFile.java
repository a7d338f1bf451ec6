package org.commonplace.orchestrator.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.commonplace.orchestrator.model.CrashReport;

/**
 * The file an {@code on_failure} hook reads a crash's lines from: in the orchestrator's private
 * runtime folder (0700, ours: {@code RuntimeDir}), under a random name, made with {@code O_CREAT|O_EXCL}
 * and {@code O_NOFOLLOW} and mode 0600, so that even as root nothing another user planted is followed
 * or written, and only we (and the hook, run as us) can read what the process wrote. Removed after the
 * hook ends; one left by an orchestrator killed while its hook ran is removed by the next start of the
 * same config ({@link #removeLeftovers}), found by the config's prefix in its name.
 */
final class LinesFile {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUFFIX = ".lines";
    /** The most entries of the folder looked at: a start is not held up by a folder someone filled. */
    static final int MAX_LOOKED_AT = 10_000;

    private LinesFile() {
    }

    /**
     * {@return the new file in {@code folder} holding the report's lines, one per line}
     *
     * @param prefix how the config's lines files are named ({@code RunFiles.linesFilePrefix})
     */
    static Path write(Path folder, String prefix, CrashReport report) throws IOException {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        Path file = folder.resolve(prefix + report.name() + "-" + HexFormat.of().formatHex(id) + SUFFIX);
        var text = new StringBuilder();
        report.lines().forEach(line -> text.append(line).append('\n'));
        try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
        return file;
    }

    /**
     * Removes the lines files a killed run of the same config left in {@code folder}: regular files
     * whose name has {@code prefix} and ends in {@code .lines}, nothing else. Whoever can reach the
     * folder may have put anything there, so a link (to whatever it points to) or a directory is left
     * alone, and removing unlinks the name only: a name swapped for a link after the check loses the
     * link, never what it points to. Call it holding the config's lock (no other run uses the prefix).
     *
     * @return how many were removed
     */
    static int removeLeftovers(Path folder, String prefix) throws IOException {
        int removed = 0;
        int looked = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (++looked > MAX_LOOKED_AT) {
                    break;
                }
                String name = entry.getFileName().toString();
                if (!name.startsWith(prefix) || !name.endsWith(SUFFIX)) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile() && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}

package org.commonplace.orchestrator.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * hook ends.
 */
final class LinesFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LinesFile() {
    }

    /** {@return the new file in {@code folder} holding the report's lines, one per line} */
    static Path write(Path folder, CrashReport report) throws IOException {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        Path file = folder.resolve("crash-" + report.name() + "-" + HexFormat.of().formatHex(id) + ".lines");
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
}

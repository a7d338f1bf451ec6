package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.SequencedMap;
import org.commonplace.orchestrator.runtime.TrustedPath;

/**
 * Writes an export's files into {@code --output DIR}. Exports are often made as root, so DIR must be a
 * folder no one else can put a name in: the folders on the way pass {@link TrustedPath}, DIR is ours and
 * only we may write in it (sticky or not). Each file is written to a temp file created exclusively
 * ({@code O_CREAT|O_EXCL}, never through a link) and renamed over the name, which replaces a link
 * left there without following it.
 */
final class ExportFolder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExportFolder() {
    }

    /** DIR cannot be trusted with root's files; the message says why, in one line. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Makes {@code dir} when missing (checking each folder on the way) and checks it is ours alone. */
    static void prepare(Path dir) throws Refused, IOException {
        try {
            TrustedPath.createFolders(dir);
            TrustedPath.checkOwnFolder(dir);
        } catch (TrustedPath.Untrusted e) {
            throw new Refused("refusing --output " + dir + ": " + e.getMessage());
        }
    }

    /** Writes every file (name → content) into {@code dir}, which {@link #prepare} accepted. */
    static void write(Path dir, SequencedMap<String, String> files) throws IOException {
        for (var file : files.entrySet()) {
            Path temp = dir.resolve("." + file.getKey() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
            try {
                try (SeekableByteChannel channel = Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
                    ByteBuffer bytes = ByteBuffer.wrap(file.getValue().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
                Files.move(temp, dir.resolve(file.getKey()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}

package org.commonplace.orchestrator.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one JSON file of the config (the config itself, an included file, the user defaults file)
 * with its positions, within {@link Limits}. Never throws for bad input: what is wrong comes back as
 * one error in that file.
 */
final class JsonFile {
    private JsonFile() {
    }

    /** The document, or why there is none. */
    sealed interface Read {
    }

    /** @param bytes the file's size, for budgets over several files */
    record Parsed(LocatedJsonReader.Document document, int bytes) implements Read {
    }

    record Failed(Problem problem) implements Read {
    }

    /** @param what "the config", "the included file": named in messages such as "cannot read the config" */
    static Read read(Path file, String what) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return failed(file, Position.UNKNOWN, "is a directory, not a config file");
            }
            bytes = readAtMost(file, Limits.MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            return failed(file, Position.UNKNOWN, "cannot read " + what + ": no such file");
        } catch (AccessDeniedException e) {
            return failed(file, Position.UNKNOWN, "cannot read " + what + ": permission denied");
        } catch (IOException | SecurityException e) {
            return failed(file, Position.UNKNOWN, "cannot read " + what + ": " + e.getMessage());
        }
        if (bytes.length > Limits.MAX_FILE_BYTES) {
            return failed(file, Position.UNKNOWN, "the file is larger than " + Limits.fileLimit()
                    + ", the limit for a config file");
        }
        try {
            return new Parsed(LocatedJsonReader.read(bytes), bytes.length);
        } catch (LocatedJsonReader.SyntaxError e) {
            return failed(file, e.at(), e.getMessage());
        }
    }

    /** Reads a text file (an env file) of at most {@code limit} bytes, as UTF-8. */
    static String readText(Path file, int limit) throws IOException {
        byte[] bytes = readAtMost(file, limit);
        if (bytes.length > limit) {
            throw new IOException("the file is larger than " + limit + " bytes (the limit for an env file)");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads up to {@code limit + 1} bytes, so a huge file (or an endless one, like a FIFO or a device)
     * is found too large without being read whole; its size as reported by the file system is not
     * trusted, since {@code /proc} files claim 0.
     */
    private static byte[] readAtMost(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(limit + 1);
        }
    }

    private static Failed failed(Path file, Position at, String message) {
        return new Failed(Problem.error(file, "", at, message));
    }
}

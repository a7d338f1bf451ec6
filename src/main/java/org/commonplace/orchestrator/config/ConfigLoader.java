package org.commonplace.orchestrator.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads and validates a config file. Stateless apart from the strictness flag and the command lookup, so one loader can be
 * reused (for {@code reload}, say).
 */
public final class ConfigLoader {
    private final boolean strict;
    private final CommandLookup commands;

    /**
     * @param strict whether unknown fields are errors (the CLI's {@code --strict}) instead of warnings
     */
    public ConfigLoader(boolean strict) {
        this(strict, CommandLookup.NONE);
    }

    /**
     * @param strict   whether unknown fields are errors (the CLI's {@code --strict}) instead of warnings
     * @param commands asked about each process's program once the file has no errors; what it finds
     *                 is a warning, even when strict, since the PATH at run time may differ
     */
    public ConfigLoader(boolean strict, CommandLookup commands) {
        this.strict = strict;
        this.commands = commands;
    }

    /**
     * Loads a config file. Never throws for bad input: a missing or unreadable file, text that is not
     * JSON and every validation failure come back as problems, located by line and column where
     * possible.
     *
     * @param file the path as the user gave it; problems show it unchanged, and a relative
     *             {@code cwd} is resolved against its folder
     * @return the config (when there are no errors) and every problem found, in file order
     */
    public LoadResult load(Path file) {
        try {
            return loadOrFail(file);
        } catch (RuntimeException e) {
            // A bug of ours must still not surface as a stack trace where a config message belongs.
            return failure(file, Position.UNKNOWN, "internal error while loading the config: " + e);
        }
    }

    private LoadResult loadOrFail(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return failure(file, Position.UNKNOWN, "is a directory, not a config file");
            }
            bytes = readAtMost(file, Limits.MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            return failure(file, Position.UNKNOWN, "cannot read the config: no such file");
        } catch (AccessDeniedException e) {
            return failure(file, Position.UNKNOWN, "cannot read the config: permission denied");
        } catch (IOException | SecurityException e) {
            return failure(file, Position.UNKNOWN, "cannot read the config: " + e.getMessage());
        }
        if (bytes.length > Limits.MAX_FILE_BYTES) {
            return failure(file, Position.UNKNOWN, "the file is larger than " + Limits.fileLimit()
                    + ", the limit for a config file");
        }
        LocatedJsonReader.Document document;
        try {
            document = LocatedJsonReader.read(bytes);
        } catch (LocatedJsonReader.SyntaxError e) {
            return failure(file, e.at(), e.getMessage());
        }
        var problems = new Problems(file, document.locations(), strict);
        document.duplicates().forEach(d -> problems.errorAt(JsonPaths.child(d.objectPath(), d.key()), d.at(),
                "duplicate key '" + d.key() + "' " + JsonPaths.where(d.objectPath())));
        Path baseDir = file.toAbsolutePath().normalize().getParent();
        Optional<OrchestratorConfig> config = new ConfigValidator(file, baseDir, problems).validate(document.root());
        if (problems.errorCount() == 0) {
            config.ifPresent(c -> c.processes().values().forEach(spec -> commands.problem(spec).ifPresent(why ->
                    problems.warning(JsonPaths.child(JsonPaths.child("processes", spec.name()), "command"),
                            why + "; run will fail to start it unless that changes"))));
        }
        return new LoadResult(problems.errorCount() == 0 ? config : Optional.empty(), problems.inFileOrder());
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

    private static LoadResult failure(Path file, Position at, String message) {
        return new LoadResult(Optional.empty(), List.of(Problem.error(file, "", at, message)));
    }
}

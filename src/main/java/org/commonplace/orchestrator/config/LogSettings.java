package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where output is kept on disk, and whether lines carry their time: the top-level {@code log_dir}
 * and {@code timestamps}, and each process's {@code log}. Paths are resolved against the config
 * file's folder.
 *
 * @param dir        {@code log_dir}: every process writes {@code DIR/NAME.log}, and we {@code DIR/orchestrator.log}
 * @param timestamps {@code timestamps}: every console line starts with its time (as {@code --timestamps})
 * @param files      the processes with a {@code log} object of their own
 */
public record LogSettings(Optional<Path> dir, boolean timestamps, Map<String, FileSpec> files) {
    public static final long DEFAULT_MAX_SIZE_MB = 10;
    public static final int DEFAULT_MAX_FILES = 5;
    public static final LogSettings NONE = new LogSettings(Optional.empty(), false, Map.of());

    /**
     * One process's file.
     *
     * @param path      the file ({@code file}, else {@code DIR/NAME.log})
     * @param maxSizeMb its size before it is rotated; 0 never rotates
     * @param maxFiles  how many files it keeps, itself included ({@code name.log}, {@code .1} … {@code .N-1})
     * @param maxAgeDays rotated files older than this many days are deleted; 0 keeps them whatever their age
     * @param compress  whether rotated files are gzipped ({@code name.log.1.gz} …)
     */
    public record FileSpec(Path path, long maxSizeMb, int maxFiles, int maxAgeDays, boolean compress) {
        /** A file rotated by size only, its rotated files kept uncompressed whatever their age. */
        public FileSpec(Path path, long maxSizeMb, int maxFiles) {
            this(path, maxSizeMb, maxFiles, 0, false);
        }

        public long maxBytes() {
            return maxSizeMb * 1024 * 1024;
        }
    }

    public LogSettings {
        files = Map.copyOf(files);
    }

    /** {@return the file of the process {@code name}, if it has one} */
    public Optional<FileSpec> fileOf(String name) {
        FileSpec own = files.get(name);
        if (own != null) {
            return Optional.of(own);
        }
        return dir.map(d -> new FileSpec(d.resolve(name + ".log"), DEFAULT_MAX_SIZE_MB, DEFAULT_MAX_FILES));
    }

    /** {@return the field that places the file of the process {@code name}: its own {@code log}, else {@code log_dir}} */
    public String fieldOf(String name) {
        return files.containsKey(name) ? JsonPaths.child("processes", name) + ".log" : "log_dir";
    }

    /** {@return our own file, {@code orchestrator.log} in {@code log_dir}, if there is one} */
    public Optional<FileSpec> orchestratorFile() {
        return dir.map(d -> new FileSpec(d.resolve("orchestrator.log"), DEFAULT_MAX_SIZE_MB, DEFAULT_MAX_FILES));
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the log settings: the top-level {@code log_dir} and {@code timestamps}, and each process's
 * {@code log} object. Whether a folder can be made is found out by {@code run}, which makes it.
 */
final class LogValidator {
    static final List<String> FIELDS = List.of("file", "max_size_mb", "max_files", "max_age_days", "compress");
    /** 1 TiB: far above any wish; a larger number is a typo. */
    private static final long MAX_SIZE_MB = 1024 * 1024;
    private static final int MAX_FILES = 1000;
    /** Ten years: far above any wish; a larger number is a typo. */
    private static final int MAX_AGE_DAYS = 3650;

    private final Problems problems;
    private final FieldReader read;
    private final Path baseDir;

    LogValidator(Problems problems, Path baseDir) {
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.baseDir = baseDir;
    }

    LogSettings validate(ObjectNode top) {
        Optional<Path> dir = path("log_dir", top.get("log_dir"));
        boolean timestamps = read.bool("timestamps", top.get("timestamps")).orElse(false);
        Map<String, LogSettings.FileSpec> files = new LinkedHashMap<>();
        if (top.get("processes") instanceof ObjectNode processes) {
            processes.properties().forEach(p -> {
                if (p.getValue() instanceof ObjectNode process && process.has("log")) {
                    String path = JsonPaths.child("processes", p.getKey()) + ".log";
                    file(p.getKey(), path, process.get("log"), dir).ifPresent(f -> files.put(p.getKey(), f));
                }
            });
        }
        return new LogSettings(dir, timestamps, files);
    }

    private Optional<LogSettings.FileSpec> file(String name, String path, JsonNode node, Optional<Path> dir) {
        Optional<ObjectNode> found = read.object(path, node, "an object {\"file\": ..., \"max_size_mb\": ..., \"max_files\": ...}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode log = found.get();
        read.unknownFields(path, log, FIELDS);
        Path file = path(path + ".file", log.get("file"))
                .orElseGet(() -> dir.orElse(baseDir).resolve(name + ".log"));
        long size = whole(path + ".max_size_mb", log.get("max_size_mb"), 0, MAX_SIZE_MB, LogSettings.DEFAULT_MAX_SIZE_MB);
        long count = whole(path + ".max_files", log.get("max_files"), 1, MAX_FILES, LogSettings.DEFAULT_MAX_FILES);
        long age = whole(path + ".max_age_days", log.get("max_age_days"), 0, MAX_AGE_DAYS, 0);
        boolean compress = read.bool(path + ".compress", log.get("compress")).orElse(false);
        return Optional.of(new LogSettings.FileSpec(file, size, (int) count, (int) age, compress));
    }

    private Optional<Path> path(String path, JsonNode node) {
        return read.string(path, node).filter(text -> read.withoutNul(path, text)).flatMap(text -> {
            if (text.isBlank()) {
                problems.error(path, "must not be empty");
                return Optional.empty();
            }
            try {
                return Optional.of(baseDir.resolve(text).normalize());
            } catch (InvalidPathException e) {
                problems.error(path, "is not a path: " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private long whole(String path, JsonNode node, long min, long max, long fallback) {
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            problems.error(path, "expected a whole number " + min + ".." + max + ", got " + FieldReader.describe(node));
            return fallback;
        }
        return node.longValue();
    }
}

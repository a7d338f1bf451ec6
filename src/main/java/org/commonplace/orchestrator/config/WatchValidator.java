package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * Checks the file-watch keys: a process's {@code "watch": {"paths", "ignore", "debounce_ms"}} and the
 * top-level {@code "watch_config"}. A glob must compile as the JDK's {@code glob:} syntax and be
 * relative (to the config's folder).
 */
final class WatchValidator {
    static final List<String> FIELDS = List.of("paths", "ignore", "debounce_ms");

    private final Problems problems;
    private final FieldReader read;

    WatchValidator(Problems problems) {
        this.problems = problems;
        this.read = new FieldReader(problems);
    }

    /** {@return the process's watch, or {@link FileWatch#none()} when it has none (or has an error, recorded)} */
    FileWatch watch(String path, JsonNode node) {
        Optional<ObjectNode> found = read.object(path, node,
                "an object {\"paths\": [\"src/**/*.py\"], \"ignore\": [...], \"debounce_ms\": 500}");
        if (found.isEmpty()) {
            return FileWatch.none();
        }
        ObjectNode watch = found.get();
        read.unknownFields(path, watch, FIELDS);
        if (!watch.has("paths")) {
            problems.errorAt(path + ".paths", problems.locations().ofValue(path),
                    "missing required field 'paths' (globs of the files that restart the process, relative to the config's folder)");
            return FileWatch.none();
        }
        List<String> paths = globs(path + ".paths", watch.get("paths"));
        if (paths.isEmpty() && watch.get("paths").isArray()) {
            problems.error(path + ".paths", "must name at least one glob, such as \"src/**/*.py\"");
        }
        List<String> ignore = globs(path + ".ignore", watch.get("ignore"));
        long debounce = read.milliseconds(path + ".debounce_ms", watch.get("debounce_ms")).orElse(FileWatch.DEFAULT_DEBOUNCE_MS);
        if (debounce > FileWatch.MAX_DEBOUNCE_MS) {
            problems.error(path + ".debounce_ms", "must be at most " + FileWatch.MAX_DEBOUNCE_MS + " (a minute), got " + debounce);
        } else if (debounce < FileWatch.MIN_DEBOUNCE_MS) {
            // A file written all the time would otherwise be a restart for every write.
            problems.error(path + ".debounce_ms", "must be at least " + FileWatch.MIN_DEBOUNCE_MS + ", got " + debounce);
        }
        return new FileWatch(paths, ignore, Math.clamp(debounce, FileWatch.MIN_DEBOUNCE_MS, FileWatch.MAX_DEBOUNCE_MS));
    }

    /** {@return {@code watch_config}, false when absent} */
    boolean watchConfig(JsonNode node) {
        return read.bool("watch_config", node).orElse(false);
    }

    private List<String> globs(String path, JsonNode node) {
        List<String> globs = read.strings(path, node).orElse(List.of());
        for (int i = 0; i < globs.size(); i++) {
            String at = JsonPaths.index(path, i);
            String glob = globs.get(i);
            if (!read.withoutNul(at, glob)) {
                continue;
            }
            if (glob.isBlank()) {
                problems.error(at, "must not be empty");
            } else if (glob.startsWith("/")) {
                problems.error(at, "\"" + glob + "\" is absolute; write it relative to the config's folder");
            } else {
                try {
                    FileSystems.getDefault().getPathMatcher("glob:" + glob);
                } catch (PatternSyntaxException e) {
                    problems.error(at, "\"" + glob + "\" is not a glob: " + e.getDescription() + " at character " + e.getIndex());
                }
            }
        }
        return globs;
    }
}

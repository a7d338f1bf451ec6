package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code env_file}, at the top level (for every process) and per process: a path, or a list of paths
 * and {@code {"path": ..., "required": false}} objects, relative to the file it is written in. Files
 * are read with {@link DotEnv}; a later file wins over an earlier one, the top level's lose to the
 * process's, and {@code env} in the config wins over all of them. A missing file is an error naming
 * it unless {@code required} is false.
 */
final class EnvFiles {
    private static final List<String> ENTRY_FIELDS = List.of("path", "required");

    private final Problems problems;
    private final FieldReader read;
    private final Function<String, Optional<String>> outside;
    private final ConfigSources.Builder sources;
    private final Path configFile;
    private final Map<Path, List<DotEnv.Entry>> cache = new LinkedHashMap<>();
    private List<Loaded> everyProcess = List.of();

    /** A file's variables, and the name it is shown under. */
    record Loaded(String shown, List<DotEnv.Entry> entries) {
    }

    /**
     * @param outside what {@code ${VAR}} in a file and a bare {@code NAME} line read when the file
     *                itself does not set it: the orchestrator's environment and the {@code .env}
     *                beside the config
     */
    EnvFiles(Path configFile, Problems problems, Function<String, Optional<String>> outside, ConfigSources.Builder sources) {
        this.configFile = configFile;
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.outside = outside;
        this.sources = sources;
    }

    /** Reads the top level's {@code env_file}, relative to the config. */
    void readTopLevel(ObjectNode top, Path baseDir) {
        everyProcess = read("env_file", top.get("env_file"), baseDir);
    }

    /**
     * {@return the process with its env files' variables under its own {@code env}}
     *
     * @param folder the folder of the file the process is written in
     */
    ProcessSpec apply(ProcessSpec spec, JsonNode process, String path, Path folder) {
        List<Loaded> own = process == null ? List.of() : read(path + ".env_file", process.get("env_file"), folder);
        if (everyProcess.isEmpty() && own.isEmpty()) {
            return spec;
        }
        var env = new LinkedHashMap<String, String>();
        var origins = new LinkedHashMap<String, String>();
        for (List<Loaded> files : List.of(everyProcess, own)) {
            for (Loaded file : files) {
                for (DotEnv.Entry entry : file.entries()) {
                    env.put(entry.name(), entry.value());
                    origins.put(entry.name(), file.shown() + ":" + entry.line());
                }
            }
        }
        spec.env().forEach((name, value) -> {
            env.put(name, value);
            origins.remove(name);
        });
        if (env.size() > Limits.MAX_ENV) {
            problems.error(path + ".env_file", "gives " + env.size() + " variables; at most " + Limits.MAX_ENV
                    + " are allowed per process (the limit for a config file)");
            return spec;
        }
        return spec.withEnv(env, new EnvSources(origins));
    }

    private List<Loaded> read(String path, JsonNode node, Path folder) {
        if (node == null) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            if (node.size() > Limits.MAX_ENV_FILES) {
                problems.error(path, "has " + node.size() + " files; at most " + Limits.MAX_ENV_FILES
                        + " are allowed (the limit for a config file)");
                return List.of();
            }
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        List<Loaded> loaded = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = node.isArray() ? JsonPaths.index(path, i) : path;
            one(itemPath, items.get(i), folder).ifPresent(loaded::add);
        }
        return loaded;
    }

    private Optional<Loaded> one(String path, JsonNode item, Path folder) {
        String written;
        boolean required = true;
        if (item instanceof ObjectNode entry) {
            read.unknownFields(path, entry, ENTRY_FIELDS);
            Optional<String> file = read.string(path + ".path", entry.get("path"));
            if (entry.get("path") == null) {
                problems.error(path, "missing field 'path' (the env file)");
            }
            required = read.bool(path + ".required", entry.get("required")).orElse(true);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            written = file.get();
        } else if (item.isTextual()) {
            written = item.textValue();
        } else {
            problems.error(path, "expected a path or {\"path\": ..., \"required\": false}, got " + FieldReader.describe(item));
            return Optional.empty();
        }
        if (written.isBlank() || !read.withoutNul(path, written)) {
            if (written.isBlank()) {
                problems.error(path, "must name a file, got \"" + written + "\"");
            }
            return Optional.empty();
        }
        Path file;
        Path shown;
        try {
            file = folder.resolve(written).normalize();
            // Shown as the config is: beside it when the config was named relatively.
            shown = folder.equals(configFile.toAbsolutePath().normalize().getParent())
                    ? configFile.resolveSibling(written).normalize() : file;
        } catch (InvalidPathException e) {
            problems.error(path, "\"" + written + "\" is not a valid path: " + e.getReason());
            return Optional.empty();
        }
        sources.file(file);
        List<DotEnv.Entry> entries = cache.get(file);
        if (entries == null && cache.size() >= Limits.MAX_DISTINCT_ENV_FILES) {
            problems.error(path, "is env file number " + (cache.size() + 1) + " of this config; at most "
                    + Limits.MAX_DISTINCT_ENV_FILES + " different env files are allowed (the limit for a config file)");
            return Optional.empty();
        }
        if (entries == null) {
            String text;
            try {
                text = JsonFile.readText(file, Limits.MAX_ENV_FILE_BYTES);
            } catch (NoSuchFileException e) {
                if (required) {
                    problems.error(path, "env file \"" + written + "\" does not exist (resolved to " + file
                            + "); mark it {\"path\": \"" + written + "\", \"required\": false} if it may be absent");
                }
                return Optional.empty();
            } catch (IOException | SecurityException e) {
                problems.error(path, "cannot read env file \"" + written + "\": " + e.getMessage());
                return Optional.empty();
            }
            DotEnv.Parsed parsed = DotEnv.parse(text, outside);
            parsed.errors().forEach(error -> problems.add(Problem.error(shown, "", error.at(), error.message())));
            entries = parsed.errors().isEmpty() ? parsed.entries() : List.of();
            cache.put(file, entries);
        }
        return Optional.of(new Loaded(shown.toString(), entries));
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code "include": ["processes.d/*.json"]}: reads each matching file (an object with
 * {@code processes}), and merges its processes into the config's
 * table, with their positions, so every later check reports into the file a process is written in.
 * A name defined twice is an error naming both places. Files are taken in path order; patterns are
 * relative to the config's folder.
 */
final class Includes {
    static final List<String> FIELDS = List.of("processes");

    private final Path configFile;
    private final Path baseDir;
    private final Problems problems;
    private final FieldReader read;
    private final Interpolation interpolation;
    private final ConfigSources.Builder sources;
    /** Where each process was written: its file's folder, for cwd, env_file and log paths. */
    private final Map<String, Path> folders = new HashMap<>();
    private long bytesRead;

    Includes(Path configFile, Path baseDir, Problems problems, Interpolation interpolation, ConfigSources.Builder sources) {
        this.configFile = configFile;
        this.baseDir = baseDir;
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.interpolation = interpolation;
        this.sources = sources;
    }

    /** {@return the folder each included process was written in (the config's own are absent)} */
    Map<String, Path> folders() {
        return folders;
    }

    /** Reads the top level's {@code include} and merges every file it names into {@code top}'s processes. */
    void merge(ObjectNode top, JsonLocations locations) {
        Optional<List<String>> patterns = read.strings("include", top.get("include"));
        if (patterns.isEmpty()) {
            return;
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < patterns.get().size(); i++) {
            files.addAll(expand(JsonPaths.index("include", i), patterns.get().get(i)));
        }
        if (files.size() > Limits.MAX_INCLUDED_FILES) {
            problems.error("include", "matches " + files.size() + " files; at most " + Limits.MAX_INCLUDED_FILES
                    + " may be included (the limit for a config file)");
            return;
        }
        if (!(top.get("processes") instanceof ObjectNode)) {
            if (top.has("processes")) {
                return; // its wrong type is reported on its own
            }
            top.set("processes", JsonNodeFactory.instance.objectNode());
        }
        ObjectNode processes = (ObjectNode) top.get("processes");
        Map<String, Path> definedIn = new HashMap<>();
        processes.fieldNames().forEachRemaining(name -> definedIn.put(name, configFile));
        for (Path file : files) {
            if (file.toAbsolutePath().normalize().equals(configFile.toAbsolutePath().normalize())) {
                continue; // "*.json" beside the config matches the config itself
            }
            if (!one(file, processes, locations, definedIn)) {
                return;
            }
        }
    }

    /** {@return whether to read on (false once the included files' budget is spent)} */
    private boolean one(Path file, ObjectNode processes, JsonLocations locations, Map<String, Path> definedIn) {
        sources.file(file);
        JsonFile.Read result = JsonFile.read(file, "the included file");
        if (result instanceof JsonFile.Failed failed) {
            problems.add(failed.problem());
            return true;
        }
        LocatedJsonReader.Document document = ((JsonFile.Parsed) result).document();
        bytesRead += ((JsonFile.Parsed) result).bytes();
        if (bytesRead > Limits.MAX_INCLUDED_BYTES) {
            problems.add(Problem.error(file, "", Position.UNKNOWN, "the included files pass " + Limits.MAX_INCLUDED_BYTES
                    + " bytes (4 MiB) together, the limit for a config; this one and the rest are not read"));
            return false;
        }
        var own = new Problems(file, document.locations(), problems.strict());
        document.duplicates().forEach(d -> own.errorAt(JsonPaths.child(d.objectPath(), d.key()), d.at(),
                "duplicate key '" + d.key() + "' " + JsonPaths.where(d.objectPath())));
        var ownRead = new FieldReader(own);
        Optional<ObjectNode> top = ownRead.object("", document.root(), "an object {\"processes\": {...}}");
        if (top.isPresent()) {
            ownRead.unknownFields("", top.get(), FIELDS);
            TreeInterpolation.apply(top.get(), "", interpolation, own);
            Optional<ObjectNode> found = ownRead.object("processes", top.get().get("processes"), "an object of name -> process");
            if (top.get().get("processes") == null) {
                own.errorAt("processes", Position.UNKNOWN, "missing field 'processes' (an object of name -> process)");
            }
            found.ifPresent(included -> included.properties().forEach(p -> {
                String name = p.getKey();
                String path = JsonPaths.child("processes", name);
                Path first = definedIn.get(name);
                if (first != null) {
                    own.errorAtKey(path, "process '" + name + "' is defined twice: also at " + first
                            + where(first, locations, path));
                    return;
                }
                definedIn.put(name, file);
                processes.set(name, p.getValue());
                locations.copyFrom(document.locations(), path);
                problems.route(path, file);
                folders.put(name, file.toAbsolutePath().normalize().getParent());
            }));
        }
        own.inFileOrder().forEach(problems::add);
        return true;
    }

    /** ":7:5" for where the first definition's name is, when known. */
    private static String where(Path file, JsonLocations locations, String path) {
        Position at = locations.ofKey(path);
        return at.line() > 0 ? ":" + at.line() + ":" + at.column() : "";
    }

    /**
     * The files a pattern names, sorted. A pattern without glob characters names one file, which must
     * exist; a glob may match none (an empty folder is how a config starts with no processes yet).
     */
    private List<Path> expand(String path, String pattern) {
        if (pattern.isBlank()) {
            problems.error(path, "must name a file or a glob such as \"processes.d/*.json\", got \"" + pattern + "\"");
            return List.of();
        }
        String[] parts = pattern.split("/", -1);
        int literal = 0;
        while (literal < parts.length - 1 && !isGlob(parts[literal])) {
            literal++;
        }
        Path folder;
        try {
            String prefix = String.join("/", java.util.Arrays.copyOfRange(parts, 0, literal));
            folder = (prefix.isEmpty() && pattern.startsWith("/") ? Path.of("/") : baseDir.resolve(prefix)).normalize();
        } catch (InvalidPathException e) {
            problems.error(path, "\"" + pattern + "\" is not a valid path: " + e.getReason());
            return List.of();
        }
        String glob = String.join("/", java.util.Arrays.copyOfRange(parts, literal, parts.length));
        if (!isGlob(glob)) {
            Path file = folder.resolve(glob);
            if (!Files.isRegularFile(file)) {
                sources.file(file);
                problems.error(path, "included file \"" + pattern + "\" does not exist (resolved to " + file + ")");
                return List.of();
            }
            return List.of(file);
        }
        boolean recursive = glob.contains("/") || glob.contains("**");
        sources.include(new ConfigSources.IncludePattern(folder.toAbsolutePath().normalize(), glob, recursive));
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            problems.error(path, "\"" + pattern + "\" is not a valid glob: " + e.getMessage());
            return List.of();
        }
        if (!Files.isDirectory(folder)) {
            return List.of(); // the folder may appear later; watch_config notices
        }
        int depth = recursive ? (glob.contains("**") ? 32 : glob.split("/").length) : 1;
        try (Stream<Path> walk = Files.walk(folder, depth)) {
            List<Path> found = walk.limit(Limits.MAX_INCLUDE_WALK)
                    .filter(p -> Files.isRegularFile(p) && matcher.matches(folder.relativize(p)))
                    .sorted().toList();
            return found;
        } catch (IOException | UncheckedIOException e) {
            problems.error(path, "cannot list the files of \"" + pattern + "\": " + e.getMessage());
            return List.of();
        }
    }

    private static boolean isGlob(String part) {
        return part.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
    }
}

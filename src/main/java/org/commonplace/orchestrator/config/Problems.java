package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one file while it is validated, locating each by its JSON path, so that
 * checks only have to say where and what.
 */
final class Problems {
    private final Path file;
    private final JsonLocations locations;
    private final boolean strict;
    private final List<Problem> found = new ArrayList<>();
    /** Parts of the document that came from another file (an include), by JSON path prefix. */
    private final java.util.Map<String, Path> routes = new java.util.LinkedHashMap<>();

    Problems(Path file, JsonLocations locations, boolean strict) {
        this.file = file;
        this.locations = locations;
        this.strict = strict;
    }

    /** An error about the value at {@code path}, located where that value starts. */
    void error(String path, String message) {
        errorAt(path, locations.ofValue(path), message);
    }

    /** An error about the key of the member at {@code path} (its name, not its value). */
    void errorAtKey(String path, String message) {
        errorAt(path, locations.ofKey(path), message);
    }

    /** An error located somewhere other than at its path, such as a missing field at its object. */
    void errorAt(String path, Position at, String message) {
        found.add(Problem.error(fileOf(path), path, at, message));
    }

    /**
     * Problems at {@code prefix} and below are in {@code other} (an included file), whose locations
     * have been merged into this document's: so each error points into the file it is in.
     */
    void route(String prefix, Path other) {
        routes.put(prefix, other);
    }

    /** A problem found in another file (an env file, say), located there already. */
    void add(Problem problem) {
        found.add(problem);
    }

    /** {@return the file the value at {@code path} was read from} */
    Path fileOf(String path) {
        // The longest prefix wins: a default placed into an included process is in the config itself.
        Path best = file;
        int longest = -1;
        for (var route : routes.entrySet()) {
            String prefix = route.getKey();
            if (prefix.length() > longest
                    && (path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "["))) {
                best = route.getValue();
                longest = prefix.length();
            }
        }
        return best;
    }

    /** A warning about the value at {@code path}; {@code --strict} does not make it an error. */
    void warning(String path, String message) {
        Position at = locations.ofValue(path);
        found.add(new Problem(Problem.Severity.WARNING, fileOf(path), path, at.line(), at.column(), message));
    }

    /**
     * A field nobody reads: most likely a typo that would silently drop a setting, so it is a
     * warning, and an error under {@code --strict}.
     */
    void unknownField(String objectPath, String key, Collection<String> known) {
        String path = JsonPaths.child(objectPath, key);
        String hint = Suggestions.closest(key, known)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("known fields: " + String.join(", ", known));
        String message = "unknown field '" + key + "' " + JsonPaths.where(objectPath) + "; " + hint;
        Position at = locations.ofKey(path);
        found.add(new Problem(strict ? Problem.Severity.ERROR : Problem.Severity.WARNING, fileOf(path), path,
                at.line(), at.column(), message));
    }

    JsonLocations locations() {
        return locations;
    }

    int errorCount() {
        return (int) found.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
    }

    boolean strict() {
        return strict;
    }

    /**
     * {@return the problems in file order, the config's own first, then each other file's; problems
     * without a position come first in each}
     */
    List<Problem> inFileOrder() {
        return found.stream()
                .sorted(Comparator.comparing((Problem p) -> !p.file().equals(file))
                        .thenComparing(p -> p.file().toString())
                        .thenComparingInt(Problem::line).thenComparingInt(Problem::column))
                // A bad default reaches every process: said once, where it is written.
                .filter(distinctAtPosition())
                .toList();
    }

    private static java.util.function.Predicate<Problem> distinctAtPosition() {
        var seen = new java.util.HashSet<String>();
        return p -> p.line() == 0 || seen.add(p.severity() + " " + p.file() + ":" + p.line() + ":" + p.column() + " " + p.message());
    }
}

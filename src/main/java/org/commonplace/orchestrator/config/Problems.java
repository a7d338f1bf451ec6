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
        found.add(Problem.error(file, path, at, message));
    }

    /** A warning about the value at {@code path}; {@code --strict} does not make it an error. */
    void warning(String path, String message) {
        Position at = locations.ofValue(path);
        found.add(new Problem(Problem.Severity.WARNING, file, path, at.line(), at.column(), message));
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
        found.add(new Problem(strict ? Problem.Severity.ERROR : Problem.Severity.WARNING, file, path,
                at.line(), at.column(), message));
    }

    JsonLocations locations() {
        return locations;
    }

    int errorCount() {
        return (int) found.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
    }

    /** {@return the problems in file order; problems without a position come first} */
    List<Problem> inFileOrder() {
        return found.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .toList();
    }
}

package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One thing wrong (or suspicious) in a config file, located as precisely as the loader could.
 *
 * @param severity whether it stops the config from loading
 * @param file     the file as the user named it (not made absolute, so messages match what they typed)
 * @param jsonPath where in the document, such as {@code processes.http.depends_on[0]}; "" for the
 *                 whole file
 * @param line     1-based line of the offending value (or key, or enclosing object); 0 when unknown
 * @param column   1-based column; 0 when unknown
 * @param message  what is wrong, naming the offending value
 */
public record Problem(Severity severity, Path file, String jsonPath, int line, int column, String message) {

    /** Errors stop the config from loading; warnings are printed and loading goes on. */
    public enum Severity { ERROR, WARNING }

    static Problem error(Path file, String jsonPath, Position at, String message) {
        return new Problem(Severity.ERROR, file, jsonPath, at.line(), at.column(), message);
    }

    /**
     * {@return the problem as one line in the style of compilers, which editors and terminals
     * turn into links}: {@code commonplace.json:7:22: error: processes.http.depends_on[0]: unknown
     * dependency 'stor' (did you mean 'store'?)}; the position is left out when unknown, the path
     * when it is the whole file.
     */
    public String format() {
        var text = new StringBuilder(file.toString());
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ").append(severity.name().toLowerCase(Locale.ROOT)).append(": ");
        if (!jsonPath.isEmpty()) {
            text.append(jsonPath).append(": ");
        }
        return text.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}

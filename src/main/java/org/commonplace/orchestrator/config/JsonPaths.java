package org.commonplace.orchestrator.config;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths that problems are reported under: {@code processes.http.depends_on[0]}.
 * Keys that are not plain words are quoted ({@code processes["my app"]}) so that a path always
 * names exactly one place, which the location table relies on.
 */
final class JsonPaths {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");

    private JsonPaths() {
    }

    static String child(String parent, String key) {
        if (!PLAIN.matcher(key).matches()) {
            // Quoted like a JSON string, control characters included, so a path stays on one line.
            String quoted = FieldReader.quoted(key.replace("\\", "\\\\").replace("\"", "\\\""));
            return parent + "[" + quoted + "]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** {@return "in processes.http", or "at the top level" for the root} */
    static String where(String path) {
        return path.isEmpty() ? "at the top level" : "in " + path;
    }
}

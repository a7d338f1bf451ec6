package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.commonplace.orchestrator.config.Suggestions;

/**
 * How a name that is no process is told to whoever steers (the control socket): each with the closest
 * known name ("did you mean"), as {@code check} suggests for a misspelt dependency. Here, and not in
 * the control package, because the suggestion is the config's rule ({@code config.Suggestions}) and
 * only supervise may import config; control asks supervise.
 */
public final class UnknownNames {
    private UnknownNames() {
    }

    /** {@return "no process named 'ap' (did you mean 'app'?); known: app, db"} */
    public static String describe(List<String> unknown, Collection<String> known) {
        var parts = new ArrayList<String>();
        for (String name : unknown) {
            parts.add("no process named '" + name + "'" + Suggestions.closest(name, known)
                    .map(s -> " (did you mean '" + s + "'?)").orElse(""));
        }
        return String.join("; ", parts) + "; known: " + String.join(", ", known);
    }
}

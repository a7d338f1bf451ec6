package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.config.Suggestions;
import org.commonplace.orchestrator.model.Names;
import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * How a name that is no process is told to whoever steers: each with the closest known name ("did you
 * mean"), as {@code check} suggests for a misspelt dependency. Said where the names are checked (on the
 * loop, in the same trip as the command). Here, and not in the control package, because the suggestion
 * is the config's rule ({@code config.Suggestions}) and only supervise may import config.
 */
public final class UnknownNames {
    private UnknownNames() {
    }

    /** {@return "no process named 'ap' (did you mean 'app'?); known: app, db"} */
    public static String describe(List<String> unknown, Collection<String> known) {
        var parts = new ArrayList<String>();
        for (String name : unknown) {
            // What cannot be a name at all is told by the one name rule, not searched for a likeness.
            Optional<String> notAName = name.equals(Names.RESERVED) ? Optional.empty() : Names.problemWithProcess(name);
            parts.add(notAName.orElseGet(() -> "no process named '" + name + "'" + Suggestions.closest(name, known)
                    .map(s -> " (did you mean '" + s + "'?)").orElse("")));
        }
        return String.join("; ", parts) + "; known: " + String.join(", ", known);
    }

    /** {@return an {@code unknown_process} refusal of {@code unknown}, given the {@code known} names} */
    static CommandReply refusal(List<String> unknown, List<String> known, List<ProcessSnapshot> processes) {
        return CommandReply.unknown(unknown, describe(unknown, known), processes);
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.config.Suggestions;
import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * The refusal of a command that names processes the loop does not supervise, said in full where the
 * names are checked (on the loop, in the same trip as the command): which are unknown, the closest
 * known name to each, and the known ones.
 */
final class UnknownNames {
    private UnknownNames() {
    }

    /** {@return an {@code unknown_process} refusal of {@code unknown}, given the {@code known} names} */
    static CommandReply refusal(List<String> unknown, List<String> known, List<ProcessSnapshot> processes) {
        var parts = new ArrayList<String>();
        for (String name : unknown) {
            parts.add("no process named '" + name + "'" + Suggestions.closest(name, known)
                    .map(s -> " (did you mean '" + s + "'?)").orElse(""));
        }
        return CommandReply.unknown(unknown, String.join("; ", parts) + "; known: " + String.join(", ", known), processes);
    }
}

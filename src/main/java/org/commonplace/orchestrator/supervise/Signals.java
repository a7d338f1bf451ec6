package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.output.Console;

/**
 * {@link Command.Signal}: a signal a user names, sent to processes' children on the loop thread, where
 * the child is known to be alive and not yet released (so its pid, and its group id, are still its
 * own). All or nothing: when one of the processes has no live child, none is signalled.
 */
final class Signals {
    private Signals() {
    }

    static CommandReply send(Command.Signal command, Map<String, Slot> slots, Console console,
                             Supplier<List<ProcessSnapshot>> snapshots) {
        String signal = SignalNames.name(command.signal());
        var down = new ArrayList<String>();
        for (String name : command.names()) {
            Slot slot = slots.get(name);
            if (slot.child == null || !slot.state.hasLiveChild()) {
                down.add(name + " is " + slot.state.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (!down.isEmpty()) {
            return CommandReply.refused("not_running", "not sent: " + String.join(", ", down)
                    + " (only a process with a live child can be sent " + signal + ")", snapshots.get());
        }
        var lines = new ArrayList<String>();
        for (String name : command.names()) {
            Slot slot = slots.get(name);
            long pid = slot.child.pid();
            if (command.mainOnly()) {
                slot.child.signalMain(command.signal());
                lines.add("sent " + signal + " to " + name + " (pid " + pid + " alone)");
            } else {
                slot.child.signalGroup(command.signal());
                lines.add("sent " + signal + " to " + name + " (process group " + pid + ")");
            }
        }
        lines.forEach(line -> console.info(line + " (asked by a client)"));
        return CommandReply.done(lines, List.of(), snapshots.get());
    }
}

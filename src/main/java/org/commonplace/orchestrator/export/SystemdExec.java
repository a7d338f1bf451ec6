package org.commonplace.orchestrator.export;

import java.util.ArrayList;
import java.util.TreeMap;
import org.commonplace.orchestrator.spawn.CommandCheck;
import org.commonplace.orchestrator.spawn.LaunchSpec;

/**
 * What a unit runs, in systemd's words: {@code ExecStart=} with the program's absolute path (found
 * with the exporting shell's PATH), {@code WorkingDirectory=} and one {@code Environment=} per
 * variable. For a process's service and for its {@code on_failure} hook's unit alike.
 */
final class SystemdExec {
    private SystemdExec() {
    }

    /**
     * {@return the absolute path of {@code launch}'s program}
     *
     * @param what names what runs it in the error ("web", "web: on_failure")
     * @throws IllegalArgumentException naming {@code what} when the program cannot be found
     */
    static String executable(LaunchSpec launch, SystemdUnits.Options options, String what) {
        try {
            return CommandCheck.executable(launch, options.environment()).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage()
                    + " (ExecStart= needs the program's absolute path; export where it is installed)", e);
        }
    }

    /** Writes ExecStart= (with {@code executable} for the program), WorkingDirectory= and Environment=. */
    static void write(LaunchSpec launch, String executable, StringBuilder unit) {
        var argv = new ArrayList<String>();
        argv.add(executable);
        argv.addAll(launch.args());
        unit.append("ExecStart=").append(SystemdSyntax.commandLine(argv)).append('\n');
        unit.append("WorkingDirectory=").append(SystemdSyntax.text(launch.cwd().toAbsolutePath().normalize().toString())).append('\n');
        new TreeMap<>(launch.env()).forEach((name, value) ->
                unit.append("Environment=").append(SystemdSyntax.assignment(name, value)).append('\n'));
    }
}

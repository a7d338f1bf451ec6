package org.commonplace.orchestrator.spawn;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.model.Privileges;

/**
 * Everything needed to start one program.
 *
 * @param command the program: a path (relative to {@code cwd} when it has a '/') or a name looked
 *                up on the PATH of the child's environment
 * @param args    its arguments
 * @param cwd     the working directory
 * @param env     variables set on top of the orchestrator's own environment
 * @param privileges the user it runs as and the limits it starts under ({@link PrivilegeSteps})
 */
public record LaunchSpec(String command, List<String> args, Path cwd, Map<String, String> env, Privileges privileges) {
    public LaunchSpec {
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** A program that runs as we do. */
    public LaunchSpec(String command, List<String> args, Path cwd, Map<String, String> env) {
        this(command, args, cwd, env, Privileges.NONE);
    }

    /** {@return the command line for humans: command and args separated by spaces} */
    public String commandLine() {
        var all = new java.util.ArrayList<String>();
        all.add(command);
        all.addAll(args);
        return String.join(" ", all.stream().map(LaunchSpec::quoteIfNeeded).toList());
    }

    private static String quoteIfNeeded(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"')) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}

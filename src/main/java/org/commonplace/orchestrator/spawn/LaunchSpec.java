package org.commonplace.orchestrator.spawn;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one program.
 *
 * @param command the program: a path (relative to {@code cwd} when it has a '/') or a name looked
 *                up on the PATH of the child's environment
 * @param args    its arguments
 * @param cwd     the working directory
 * @param env     variables set on top of the orchestrator's own environment
 */
public record LaunchSpec(String command, List<String> args, Path cwd, Map<String, String> env) {
    public LaunchSpec {
        args = List.copyOf(args);
        env = Map.copyOf(env);
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

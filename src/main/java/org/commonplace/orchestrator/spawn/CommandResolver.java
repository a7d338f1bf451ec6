package org.commonplace.orchestrator.spawn;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the executable a command names, as execvp would, before anything is spawned: a missing or
 * non-executable program is then a clear one-line failed start ("'foo' not found on PATH") instead
 * of an exit code from a wrapper.
 */
final class CommandResolver {
    private CommandResolver() {
    }

    static Path resolve(String command, Path cwd, Map<String, String> env) throws LaunchException {
        if (command.contains("/")) {
            Path path = cwd.resolve(command).normalize();
            return checkExecutable(command, path);
        }
        String pathVar = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path candidate = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new LaunchException("command '" + command + "' not found on PATH");
    }

    private static Path checkExecutable(String command, Path path) throws LaunchException {
        if (!Files.exists(path)) {
            throw new LaunchException("command '" + command + "' not found (" + path + " does not exist)");
        }
        if (Files.isDirectory(path)) {
            throw new LaunchException("command '" + command + "' is a directory (" + path + ")");
        }
        if (!Files.isExecutable(path)) {
            throw new LaunchException("command '" + command + "' is not executable (" + path + ")");
        }
        return path.toAbsolutePath();
    }
}

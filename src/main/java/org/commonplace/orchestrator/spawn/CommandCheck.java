package org.commonplace.orchestrator.spawn;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers, before anything runs, whether a launcher could start a program now: the same lookup
 * ({@link CommandResolver}: PATH of the child's environment, or a path relative to its cwd) that a
 * start does, so {@code check} and {@code run} agree on what is missing, not executable or a
 * directory; and, for a process run as another user, whether that user can reach its cwd and program.
 */
public final class CommandCheck {
    private CommandCheck() {
    }

    /** {@return why {@code spec} could not be started with this environment, or empty when it could} */
    public static Optional<String> problem(LaunchSpec spec, Map<String, String> environment) {
        try {
            PreparedLaunch prepared = PreparedLaunch.of(spec, environment, List.of());
            var account = spec.privileges().account();
            if (account.isEmpty()) {
                return Optional.empty();
            }
            // The program is the first word after the privilege steps.
            int steps = PrivilegeSteps.words(spec.privileges()).size();
            return Reach.folder(account.get(), spec.cwd())
                    .or(() -> Reach.program(account.get(), java.nio.file.Path.of(prepared.argv().get(steps))));
        } catch (LaunchException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * {@return the absolute path of the program {@code spec} would start with this environment (its
     * PATH, or a path relative to its cwd), as a start would find it}
     *
     * @throws IllegalArgumentException saying why there is none (not found, not executable, a directory)
     */
    public static java.nio.file.Path executable(LaunchSpec spec, Map<String, String> environment) {
        var env = new java.util.HashMap<>(environment);
        env.putAll(spec.env());
        try {
            return CommandResolver.resolve(spec.command(), spec.cwd().toAbsolutePath(), env);
        } catch (LaunchException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and validates a config file: interpolates {@code ${VAR}} (from the environment and the
 * {@code .env} beside the config), takes {@code mqtt_broker} and {@code workspace} from the user
 * defaults file when the config has none, merges the included files' processes, gives every
 * process the {@code defaults}, checks it all and reads the env files. Stateless apart from the
 * strictness flag, the command lookup and the environment, so one loader can be reused (for
 * {@code reload}, say).
 */
public final class ConfigLoader {
    private final boolean strict;
    private final CommandLookup commands;
    private final Map<String, String> environment;

    /**
     * @param strict whether unknown fields are errors (the CLI's {@code --strict}) instead of warnings
     */
    public ConfigLoader(boolean strict) {
        this(strict, CommandLookup.NONE);
    }

    /**
     * @param strict   whether unknown fields are errors (the CLI's {@code --strict}) instead of warnings
     * @param commands asked about each process's program once the file has no errors; what it finds
     *                 is a warning, even when strict, since the PATH at run time may differ
     */
    public ConfigLoader(boolean strict, CommandLookup commands) {
        this(strict, commands, System.getenv());
    }

    /**
     * @param environment what {@code ${VAR}} reads (before the {@code .env} beside the config), and
     *                    where {@code COMMONPLACE_CONFIG} and {@code HOME} are looked up: the
     *                    orchestrator's own environment, but for tests
     */
    public ConfigLoader(boolean strict, CommandLookup commands, Map<String, String> environment) {
        this.strict = strict;
        this.commands = commands;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Loads a config file. Never throws for bad input: a missing or unreadable file, text that is not
     * JSON and every validation failure come back as problems, located by line and column where
     * possible, in the file they are in (an included file, an env file).
     *
     * @param file the path as the user gave it; problems show it unchanged, and a relative
     *             {@code cwd} is resolved against its folder
     * @return the config (when there are no errors), every problem found, in file order, and every
     *         file read ({@link LoadResult#sources()})
     */
    public LoadResult load(Path file) {
        var sources = new ConfigSources.Builder();
        try {
            return loadOrFail(file, sources);
        } catch (RuntimeException e) {
            // A bug of ours must still not surface as a stack trace where a config message belongs.
            return failure(file, Position.UNKNOWN, "internal error while loading the config: " + e, sources);
        }
    }

    private LoadResult loadOrFail(Path file, ConfigSources.Builder sources) {
        sources.file(file);
        Path baseDir = file.toAbsolutePath().normalize().getParent();
        Path dotEnvFile = baseDir.resolve(".env");
        sources.file(dotEnvFile);
        JsonFile.Read read = JsonFile.read(file, "the config");
        if (read instanceof JsonFile.Failed failed) {
            return new LoadResult(Optional.empty(), List.of(failed.problem()), sources.build());
        }
        LocatedJsonReader.Document document = ((JsonFile.Parsed) read).document();
        var problems = new Problems(file, document.locations(), strict);
        document.duplicates().forEach(d -> problems.errorAt(JsonPaths.child(d.objectPath(), d.key()), d.at(),
                "duplicate key '" + d.key() + "' " + JsonPaths.where(d.objectPath())));
        Function<String, Optional<String>> variables = variables(file, dotEnvFile, problems);
        var interpolation = new Interpolation(variables);
        Map<String, Path> folders = Map.of();
        EnvFiles envFiles = new EnvFiles(file, problems, variables, sources);
        if (document.root() instanceof ObjectNode top) {
            TreeInterpolation.apply(top, "", interpolation, problems);
            UserDefaults.apply(top, environment, problems, sources);
            var includes = new Includes(file, baseDir, problems, interpolation, sources);
            includes.merge(top, document.locations());
            folders = includes.folders();
            Defaults.apply(top, problems, file);
        }
        Optional<OrchestratorConfig> config = new ConfigValidator(file, baseDir, problems, folders, envFiles)
                .validate(document.root());
        if (problems.errorCount() == 0) {
            config.ifPresent(c -> c.processes().values().forEach(spec -> commands.problem(spec).ifPresent(why ->
                    problems.warning(JsonPaths.child(JsonPaths.child("processes", spec.name()), "command"),
                            why + "; run will fail to start it unless that changes"))));
        }
        ConfigSources found = sources.build();
        return new LoadResult(problems.errorCount() == 0 ? config.map(c -> c.withSources(found)) : Optional.empty(),
                problems.inFileOrder(), found);
    }

    /**
     * What {@code ${VAR}} reads: the orchestrator's environment, then the {@code .env} beside the
     * config (Compose's order: the environment wins). The {@code .env} is not given to the processes.
     */
    private Function<String, Optional<String>> variables(Path file, Path dotEnvFile, Problems problems) {
        Function<String, Optional<String>> outside = name -> Optional.ofNullable(environment.get(name));
        if (!Files.isRegularFile(dotEnvFile)) {
            return outside;
        }
        Path shown = file.resolveSibling(".env");
        String text;
        try {
            text = JsonFile.readText(dotEnvFile, Limits.MAX_ENV_FILE_BYTES);
        } catch (IOException | SecurityException e) {
            problems.add(Problem.error(shown, "", Position.UNKNOWN, "cannot read the .env beside the config: "
                    + e.getMessage()));
            return outside;
        }
        DotEnv.Parsed parsed = DotEnv.parse(text, outside);
        parsed.errors().forEach(error -> problems.add(Problem.error(shown, "", error.at(), error.message())));
        var dotEnv = new HashMap<String, String>();
        parsed.entries().forEach(e -> dotEnv.put(e.name(), e.value()));
        return name -> outside.apply(name).or(() -> Optional.ofNullable(dotEnv.get(name)));
    }

    private static LoadResult failure(Path file, Position at, String message, ConfigSources.Builder sources) {
        return new LoadResult(Optional.empty(), List.of(Problem.error(file, "", at, message)), sources.build());
    }
}

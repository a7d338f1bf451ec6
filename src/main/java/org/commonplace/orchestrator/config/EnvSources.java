package org.commonplace.orchestrator.config;

import java.util.Map;

/**
 * Where the variables of a process's {@code env} that came from env files were read:
 * {@code DB_PASSWORD -> ".env.secret:3"}. A variable absent here was written in the config (the
 * process's {@code env} or {@code defaults.env}).
 *
 * @param origins variable name to "FILE:LINE"
 */
public record EnvSources(Map<String, String> origins) {
    private static final EnvSources NONE = new EnvSources(Map.of());

    public EnvSources {
        origins = Map.copyOf(origins);
    }

    /** {@return no variable from a file} */
    public static EnvSources none() {
        return NONE;
    }

    /**
     * {@return whether a variable's value should not be shown: its name holds PASSWORD, TOKEN,
     * SECRET or KEY, in any case}
     */
    public static boolean secret(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return upper.contains("PASSWORD") || upper.contains("TOKEN") || upper.contains("SECRET") || upper.contains("KEY");
    }
}

package org.commonplace.orchestrator.config;

import java.util.List;

/**
 * A process's {@code "watch"}: restart it when a file it matches changes (for development).
 *
 * @param paths      globs relative to the config's folder ({@code src/**}{@code /*.py}); empty: no watch
 * @param ignore     globs of files and folders that never restart it, besides {@link #ALWAYS_IGNORED}
 * @param debounceMs how long the files must be quiet before it is restarted
 */
public record FileWatch(List<String> paths, List<String> ignore, long debounceMs) {
    public static final long DEFAULT_DEBOUNCE_MS = 500;
    /** The least a debounce may be: at most 20 restarts a second for a file written all the time. */
    public static final long MIN_DEBOUNCE_MS = 50;
    /** The most a debounce may be: a minute is already far longer than a save. */
    public static final long MAX_DEBOUNCE_MS = 60_000;
    /** Folders never watched: version control's, and what tools write by themselves while a program runs. */
    public static final List<String> ALWAYS_IGNORED = List.of("**/.git", "**/.hg", "**/.svn", "**/node_modules",
            "**/__pycache__");

    public FileWatch {
        paths = List.copyOf(paths);
        ignore = List.copyOf(ignore);
    }

    /** {@return no watch} */
    public static FileWatch none() {
        return new FileWatch(List.of(), List.of(), DEFAULT_DEBOUNCE_MS);
    }

    /** {@return whether it watches anything} */
    public boolean any() {
        return !paths.isEmpty();
    }

    /** {@return the ignore globs in effect: the user's and {@link #ALWAYS_IGNORED}} */
    public List<String> ignoreInEffect() {
        var all = new java.util.ArrayList<>(ignore);
        all.addAll(ALWAYS_IGNORED);
        return List.copyOf(all);
    }
}

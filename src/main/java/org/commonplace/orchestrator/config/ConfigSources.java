package org.commonplace.orchestrator.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every file a load read or looked for, and the {@code include} patterns, for whoever reloads the
 * config when one of them changes ({@code watch_config}). Known even when the config has errors, so
 * the edit that fixes it is noticed too.
 *
 * @param files    absolute and normalized, each once, in the order they were read: the config, the
 *                 {@code .env} beside it, the user defaults file, each included file, each env file.
 *                 Files that were looked for but are absent are listed too (the {@code .env}, an
 *                 optional env file, a missing included file): their appearing is a change
 * @param includes the {@code include} patterns: a file appearing in (or leaving) one of their
 *                 folders that matches is a change even though it is not in {@code files} yet
 */
public record ConfigSources(List<Path> files, List<IncludePattern> includes) {

    public ConfigSources {
        files = List.copyOf(files);
        includes = List.copyOf(includes);
    }

    /** {@return no files at all (a load that could not even tell where the config is)} */
    public static ConfigSources none() {
        return new ConfigSources(List.of(), List.of());
    }

    /**
     * One {@code include} entry.
     *
     * @param folder    the folder the pattern starts at: the part of the pattern without glob
     *                  characters, resolved against the config's folder (absolute, normalized)
     * @param glob      the rest, relative to {@code folder}, as {@link FileSystems#getPathMatcher}
     *                  reads it after {@code "glob:"} (such as {@code *.json} or {@code **}{@code /*.json})
     * @param recursive whether the glob can match below {@code folder}'s direct entries (it holds a
     *                  '/' or "**")
     */
    public record IncludePattern(Path folder, String glob, boolean recursive) {
        /** {@return whether {@code file} (absolute) is one this pattern includes} */
        public boolean matches(Path file) {
            Path normal = file.toAbsolutePath().normalize();
            if (!normal.startsWith(folder) || normal.equals(folder)) {
                return false;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return matcher.matches(folder.relativize(normal));
        }
    }

    /** Collects the sources while a load goes on. */
    static final class Builder {
        private final Set<Path> files = new LinkedHashSet<>();
        private final List<IncludePattern> includes = new ArrayList<>();

        void file(Path file) {
            files.add(file.toAbsolutePath().normalize());
        }

        void include(IncludePattern pattern) {
            includes.add(pattern);
        }

        ConfigSources build() {
            return new ConfigSources(new ArrayList<>(files), includes);
        }
    }
}

package org.commonplace.orchestrator.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one subscriber of the {@link FileWatcher} wants to hear of.
 *
 * @param base       the folder the globs are relative to (the config's folder)
 * @param paths      globs of the files that matter ({@code src/**}{@code /*.py}); {@code **}{@code /} also
 *                   matches no folder at all, so {@code src/**}{@code /*.py} matches {@code src/app.py}
 * @param ignore     globs of files and folders that never matter; a folder matched (or matched with
 *                   {@code /**} after it) is not watched at all
 * @param debounceMs how long the files must be quiet before the change is told
 */
public record Interest(Path base, List<String> paths, List<String> ignore, long debounceMs) {
    public Interest {
        base = base.toAbsolutePath().normalize();
        paths = List.copyOf(paths);
        ignore = List.copyOf(ignore);
        if (debounceMs < 0) {
            throw new IllegalArgumentException("debounceMs " + debounceMs);
        }
    }

    /** {@return an interest in exactly these files (a config and what it reads), relative to {@code base} or not} */
    public static Interest files(Path base, List<Path> files, List<String> globs, long debounceMs) {
        Path folder = base.toAbsolutePath().normalize();
        var patterns = new ArrayList<String>();
        for (Path file : files) {
            patterns.add(literal(folder.relativize(folder.resolve(file).normalize()).toString()));
        }
        patterns.addAll(globs);
        return new Interest(folder, patterns, List.of(), debounceMs);
    }

    /** {@return {@code text} as a glob that matches only itself} */
    static String literal(String text) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("*?[]{}\\,".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}

package org.commonplace.orchestrator.watch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The globs of an {@link Interest}, compiled: whether a path (relative to the base) matters, whether a
 * folder is not to be watched, and which folders to watch for them. Globs are the JDK's ({@code
 * java.nio.file.PathMatcher}, "glob:" syntax), with one change users of gitignore and PM2 expect:
 * {@code **}{@code /} also matches no folder, so {@code src/**}{@code /*.py} matches {@code src/app.py}.
 */
final class Globs {
    /** Characters that make a segment of a glob more than a name. */
    private static final String META = "*?[{\\";

    /**
     * A folder to watch for a glob.
     *
     * @param dir       the folder, absolute
     * @param recursive whether its folders are watched too (the glob reaches into them)
     */
    record Root(Path dir, boolean recursive) {
    }

    private final Path base;
    private final List<PathMatcher> paths;
    private final List<PathMatcher> ignoreFiles;
    private final List<PathMatcher> ignoreFolders;
    private final List<Root> roots;

    /** @throws IllegalArgumentException for a glob the JDK cannot compile (the message says why) */
    Globs(Interest interest) {
        this.base = interest.base();
        this.paths = interest.paths().stream().map(Globs::compile).toList();
        this.ignoreFiles = interest.ignore().stream().map(Globs::compile).toList();
        var folders = new ArrayList<>(ignoreFiles);
        interest.ignore().stream().filter(g -> g.endsWith("/**") && g.length() > 3)
                .forEach(g -> folders.add(compile(g.substring(0, g.length() - 3))));
        this.ignoreFolders = List.copyOf(folders);
        this.roots = roots(base, interest.paths());
    }

    /** {@return whether a change of {@code file} (absolute) matters} */
    boolean matches(Path file) {
        Path relative = base.relativize(file);
        return paths.stream().anyMatch(m -> m.matches(relative)) && ignoreFiles.stream().noneMatch(m -> m.matches(relative));
    }

    /** {@return whether {@code folder} (absolute) is left unwatched, with all it holds} */
    boolean prunes(Path folder) {
        Path relative = base.relativize(folder);
        return ignoreFolders.stream().anyMatch(m -> m.matches(relative));
    }

    Path relative(Path file) {
        return base.relativize(file);
    }

    /** {@return the folders to watch, each once (a recursive one covers what is below it)} */
    List<Root> roots() {
        return roots;
    }

    /** {@return whether {@code folder} is one whose new subfolders are watched too} */
    boolean reachesInto(Path folder) {
        return roots.stream().anyMatch(r -> r.recursive() && folder.startsWith(r.dir()));
    }

    /**
     * @throws IllegalArgumentException for a glob that does not compile
     */
    static PathMatcher compile(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + anyFolders(glob));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " at character " + e.getIndex());
        }
    }

    /** {@code **}{@code /} outside braces becomes {@code {,**}{@code /}}: no folder or any folders. */
    static String anyFolders(String glob) {
        var out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                out.append(c).append(glob.charAt(++i));
                continue;
            }
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
            if (depth == 0 && atSegmentStart && glob.startsWith("**/", i)) {
                out.append("{,**/}");
                i += 2;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * For each glob, the folder of its leading plain names: watched alone when the rest is one
     * segment without {@code **}, with its subfolders otherwise; a glob that is a plain path names a
     * file, whose folder is watched.
     */
    static List<Root> roots(Path base, List<String> globs) {
        Map<Path, Boolean> found = new LinkedHashMap<>();
        for (String glob : globs) {
            String[] segments = glob.split("/");
            int plain = 0;
            while (plain < segments.length && segments[plain].chars().noneMatch(ch -> META.indexOf(ch) >= 0)) {
                plain++;
            }
            Path dir = base;
            for (int i = 0; i < Math.min(plain, segments.length - 1); i++) {
                dir = dir.resolve(segments[i]);
            }
            dir = dir.normalize();
            boolean recursive = plain < segments.length && (segments.length - plain > 1 || glob.substring(indexOf(glob, plain)).contains("**"));
            found.merge(dir, recursive, Boolean::logicalOr);
        }
        var roots = new ArrayList<Root>();
        found.forEach((dir, recursive) -> {
            boolean covered = found.entrySet().stream().anyMatch(e -> e.getValue() && !e.getKey().equals(dir) && dir.startsWith(e.getKey()));
            if (!covered) {
                roots.add(new Root(dir, recursive));
            }
        });
        return List.copyOf(roots);
    }

    /** {@return where segment {@code n} of {@code glob} starts} */
    private static int indexOf(String glob, int n) {
        int at = 0;
        for (int i = 0; i < n; i++) {
            at = glob.indexOf('/', at) + 1;
        }
        return at;
    }
}

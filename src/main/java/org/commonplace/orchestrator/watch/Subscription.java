package org.commonplace.orchestrator.watch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One subscriber's folders: registered by walking its roots (subfolders the ignore globs prune are
 * skipped; links are not followed), grown as folders appear under a recursive root, and for a root that
 * does not exist yet its nearest existing parent, until it appears. Used by the watcher's thread only.
 */
final class Subscription {
    final String key;
    final Interest interest;
    final Globs globs;
    final Consumer<Change> onChange;
    private final Consumer<String> warn;
    private final Set<Path> held = new HashSet<>();
    /** Roots that did not exist when last registered: their nearest parent is watched for them. */
    private final List<Path> missing = new ArrayList<>();
    /** Whether the bound was said for this subscriber (once, until it is registered again). */
    private boolean warned;

    Subscription(String key, Interest interest, Globs globs, Consumer<Change> onChange, Consumer<String> warn) {
        this.key = key;
        this.interest = interest;
        this.globs = globs;
        this.onChange = onChange;
        this.warn = warn;
    }

    boolean holds(Path dir) {
        return held.contains(dir);
    }

    /** Registers every root (again); {@return the matching files found under the roots listed in {@code collectUnder}} */
    List<Path> register(Folders folders, List<Path> collectUnder) {
        var before = new HashSet<>(held);
        held.clear();
        missing.clear();
        warned = false;
        var found = new ArrayList<Path>();
        for (Globs.Root root : globs.roots()) {
            if (Files.isDirectory(root.dir())) {
                boolean collect = collectUnder.stream().anyMatch(root.dir()::startsWith);
                walk(root.dir(), root.recursive(), folders, collect ? found : null);
            } else {
                missing.add(root.dir());
                Path parent = root.dir().getParent();
                while (parent != null && !Files.isDirectory(parent)) {
                    parent = parent.getParent();
                }
                if (parent != null) {
                    acquire(parent, folders);
                }
            }
        }
        before.forEach(folders::release); // after the new ones: a folder both had stays registered
        return found;
    }

    void release(Folders folders) {
        held.forEach(folders::release);
        held.clear();
    }

    /**
     * A folder appeared in one of ours: watched (with what it holds) when a recursive root reaches it,
     * or the subscription is registered again when it is (on the way to) a root that was missing.
     * {@return the matching files already in it (made before it was watched)}
     */
    List<Path> folderAppeared(Path dir, Folders folders) {
        if (missing.stream().anyMatch(m -> m.startsWith(dir))) {
            return register(folders, List.of(dir));
        }
        if (globs.reachesInto(dir) && !globs.prunes(dir)) {
            var found = new ArrayList<Path>();
            walk(dir, true, folders, found);
            return found;
        }
        return List.of();
    }

    /** A folder of ours is gone; {@return whether it was a root (then register again: its parent is watched for it)} */
    boolean gone(Path dir) {
        held.remove(dir);
        return globs.roots().stream().anyMatch(r -> r.dir().equals(dir));
    }

    private void walk(Path top, boolean recursive, Folders folders, List<Path> found) {
        if (Files.isSymbolicLink(top)) {
            walkLinked(top, recursive, folders, found);
            return;
        }
        try {
            Files.walkFileTree(top, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
                    recursive ? Integer.MAX_VALUE : 1, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(top) && globs.prunes(dir)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return acquire(dir, folders) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (found != null && !attrs.isDirectory() && globs.matches(file)) {
                                found.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE; // gone meanwhile, or not ours to read: nothing to watch there
                        }
                    });
        } catch (IOException e) {
            warn.accept(key + ": cannot watch " + top + ": " + e.getMessage());
        }
    }

    /**
     * A root reached through a link ({@code /srv/app/current -> releases/42}, the config's folder under
     * a linked path): the walk would take it for a file, so it is watched as the link names it (events
     * then name paths under it, as the globs do) and its entries are walked from there. Links further
     * down are not followed.
     */
    private void walkLinked(Path top, boolean recursive, Folders folders, List<Path> found) {
        if (!acquire(top, folders)) {
            return;
        }
        try (var entries = Files.newDirectoryStream(top)) {
            for (Path entry : entries) {
                boolean folder = Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (folder && recursive && !globs.prunes(entry)) {
                    walk(entry, true, folders, found);
                } else if (!folder && found != null && globs.matches(entry)) {
                    found.add(entry);
                }
            }
        } catch (IOException e) {
            warn.accept(key + ": cannot watch " + top + ": " + e.getMessage());
        }
    }

    /** {@return whether it is watched; at the bound, says so once and stops} */
    private boolean acquire(Path dir, Folders folders) {
        if (held.contains(dir)) {
            return true;
        }
        try {
            folders.acquire(dir);
            held.add(dir);
            return true;
        } catch (Folders.Refused e) {
            if (!warned) {
                warned = true;
                warn.accept(key + ": " + e.getMessage() + "; changes in the folders beyond are not seen"
                        + " (narrow its paths, or ignore folders such as build output)");
            }
            return false;
        }
    }
}

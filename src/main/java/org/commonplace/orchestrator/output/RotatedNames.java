package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.commonplace.orchestrator.runtime.Uid;

/**
 * The names a log file is rotated to, {@code NAME.log.1} … {@code NAME.log.N-1}, and which of them a
 * rotation may use now. In a folder others may add to (a sticky one, as /tmp), another user can hold
 * one of those names with a folder (not empty: a rename cannot replace it) or a file of theirs; a
 * rotation that tried to move onto it would fail at every batch, and the log would stop for good. So
 * such a name is left out, said once, and the rotation goes around it. Used by the writer thread only.
 */
final class RotatedNames {
    private final Path base;
    private final int maxFiles;
    private final Consumer<String> report;
    /** What follows the number: nothing, or {@code .gz} for compressed files. */
    private final String suffix;
    /** The names said to be in the way (at most max_files - 1). */
    private final Set<Path> inTheWay = new HashSet<>();

    RotatedNames(Path base, int maxFiles, Consumer<String> report) {
        this(base, maxFiles, "", report);
    }

    /** The names {@code NAME.log.1SUFFIX} … {@code NAME.log.N-1SUFFIX} ({@code .gz}: the compressed ones). */
    RotatedNames(Path base, int maxFiles, String suffix, Consumer<String> report) {
        this.base = base;
        this.maxFiles = maxFiles;
        this.suffix = suffix;
        this.report = report;
    }

    /** {@return the names a rotation may move to, newest first; empty when the file is kept alone} */
    List<Path> free() {
        var names = new ArrayList<Path>();
        for (int n = 1; n < maxFiles; n++) {
            Path name = base.resolveSibling(base.getFileName() + "." + n + suffix);
            String held = heldBy(name);
            if (held == null) {
                names.add(name);
            } else if (inTheWay.add(name)) {
                report.accept(name + " is in the way (" + held + "); rotation goes around it");
            }
        }
        return names;
    }

    /** {@return what holds {@code name} so that we go around it, or null when it is free or a file or link of ours} */
    static String heldBy(Path name) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(name, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        int type = (Integer) a.get("mode") & 0170000;
        boolean fileOrLink = type == 0100000 || type == 0120000;
        int uid = (Integer) a.get("uid");
        // A file or link of ours is replaced by the rename (a link is not followed).
        if (fileOrLink && uid == Uid.effective()) {
            return null;
        }
        return (type == 0040000 ? "a folder" : fileOrLink ? "a file" : "something") + " of uid " + uid;
    }
}

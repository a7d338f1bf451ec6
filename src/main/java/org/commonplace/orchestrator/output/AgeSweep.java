package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.runtime.Uid;

/**
 * Deletes the rotated files of one log ({@code NAME.log.K} and {@code NAME.log.K.gz}) last written more
 * than {@code max_age_days} ago, by the time it is handed (a fake one in tests). The current file is
 * never deleted, nor a file that is not a regular file of ours (another user's file planted under a
 * rotated name in a folder others may add to is not ours to delete, even as root).
 */
final class AgeSweep {
    private AgeSweep() {
    }

    /** {@return the files deleted} @param report says a file that could not be deleted */
    static List<Path> sweep(Path base, int maxAgeDays, Instant now, java.util.function.Consumer<String> report) {
        var deleted = new ArrayList<Path>();
        if (maxAgeDays <= 0) {
            return deleted;
        }
        FileTime oldest = FileTime.from(now.minus(Duration.ofDays(maxAgeDays)));
        Pattern rotated = Pattern.compile(Pattern.quote(base.getFileName().toString()) + "\\.[0-9]+(\\.gz)?");
        Path folder = base.toAbsolutePath().getParent();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(folder, p -> rotated.matcher(p.getFileName().toString()).matches())) {
            for (Path p : names) {
                if (oursAndOlder(p, oldest)) {
                    try {
                        Files.delete(p);
                        deleted.add(p);
                    } catch (NoSuchFileException e) {
                        // gone meanwhile
                    } catch (IOException e) {
                        report.accept("cannot delete " + p + " (older than " + maxAgeDays + " days): " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            report.accept("cannot look for log files older than " + maxAgeDays + " days in " + folder + ": " + e.getMessage());
        }
        return deleted;
    }

    private static boolean oursAndOlder(Path p, FileTime oldest) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            boolean regular = ((Integer) a.get("mode") & 0170000) == 0100000;
            return regular && (Integer) a.get("uid") == Uid.effective() && ((FileTime) a.get("lastModifiedTime")).compareTo(oldest) < 0;
        } catch (IOException e) {
            return false;
        }
    }
}

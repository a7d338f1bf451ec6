package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/** A process's output redirected to a file, read as it grows (for tests that run the launcher script). */
public final class OutputFile {
    private OutputFile() {
    }

    /** Waits up to 60 s for a line of {@code out} matching {@code regex}; fails showing the whole file. */
    public static void awaitLine(Path out, String regex) {
        var pattern = Pattern.compile(regex);
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.readAllLines(out).stream().anyMatch(l -> pattern.matcher(l).find()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String text;
            try {
                text = Files.readString(out);
            } catch (IOException io) {
                text = io.toString();
            }
            throw new AssertionError("no line matching /" + regex + "/ in:\n" + text, e);
        }
    }
}

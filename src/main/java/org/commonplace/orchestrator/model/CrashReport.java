package org.commonplace.orchestrator.model;

import java.time.Instant;
import java.util.List;

/**
 * A process's last crash: how it ended, when, and the last lines it wrote before. Made once, off the
 * supervisor's thread; immutable.
 *
 * @param name     the process
 * @param exit     how it ended
 * @param at       when
 * @param restarts how many times it had been restarted (the snapshot's count)
 * @param gaveUp   whether the supervisor gave it up (it is not restarted again)
 * @param lines    its last lines before the exit, oldest first, at most {@link #MAX_LINES}
 */
public record CrashReport(String name, ExitStatus exit, Instant at, int restarts, boolean gaveUp, List<String> lines) {
    /** Lines kept with a crash. */
    public static final int MAX_LINES = 50;

    public CrashReport {
        lines = List.copyOf(lines.size() <= MAX_LINES ? lines : lines.subList(lines.size() - MAX_LINES, lines.size()));
    }

    /** {@return "exited with code 1", "was killed by SIGSEGV", "… and was given up": the end in words} */
    public String describe() {
        return exit.describe() + (gaveUp ? "; it was given up (not restarted again)" : "");
    }
}

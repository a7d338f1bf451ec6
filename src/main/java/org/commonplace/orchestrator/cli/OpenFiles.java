package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the limit of open files leaves room for every child. Each child holds three descriptors
 * as long as it runs (the read ends of its two pipes and a pidfd), so thousands of processes can
 * pass the limit: the starts past it would fail one by one ("pipe2 failed: Too many open files")
 * and be retried for ever. Better said once, before anything starts.
 */
final class OpenFiles {
    /** Descriptors per running child. */
    static final int PER_CHILD = 3;
    /** Descriptors of our own: the JVM's jars and archive, the control socket, the guard's pipe, log files. */
    static final int OWN = 64;

    private OpenFiles() {
    }

    /** {@return the warning to give when {@code processes} children may need more descriptors than {@code limit}} */
    static Optional<String> warning(int processes, OptionalLong limit) {
        long needed = (long) processes * PER_CHILD + OWN;
        if (limit.isEmpty() || needed <= limit.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(processes + " processes need about " + needed + " open files (three per child), more than"
                + " the limit of " + limit.getAsLong() + " (ulimit -n); the starts past it will fail: raise the hard"
                + " limit (LimitNOFILE= in a systemd unit)");
    }

    /**
     * {@return the soft limit of open files of this process, from /proc/self/limits} The JVM has raised it to
     * the hard limit at start (-XX:+MaxFDLimit, on by default). Empty where it cannot be read or is unlimited.
     */
    static OptionalLong limit() {
        try {
            return limitIn(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** {@return the soft limit on the "Max open files" line of a /proc/PID/limits text} */
    static OptionalLong limitIn(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(fields[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty(); // "unlimited"
                }
            }
        }
        return OptionalLong.empty();
    }
}

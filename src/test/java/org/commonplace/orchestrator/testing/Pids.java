package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading pids from orchestrator output and asking /proc whether they still run. */
public final class Pids {
    private static final Pattern STARTED = Pattern.compile("started (\\S+) \\(pid (\\d+)\\)");

    private Pids() {
    }

    /** {@return the pid in a "[orchestrator] started NAME (pid N): ..." line} */
    public static long fromStartedLine(String line) {
        Matcher m = STARTED.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("not a 'started' line: " + line);
        }
        return Long.parseLong(m.group(2));
    }

    /** {@return whether the pid is a live process: it exists and is not a zombie} */
    public static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            String afterName = text.substring(text.lastIndexOf(')') + 2);
            return afterName.charAt(0) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}

package org.commonplace.orchestrator.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading pids from orchestrator output (whether they still run: {@code spawn.ProcStat.isRunning}). */
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
}

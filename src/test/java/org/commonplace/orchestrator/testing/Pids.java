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

    /** {@return the orchestrator's guard process (bash, listed as commonplace-orchestrator-guard)} */
    public static long guardOf(long orchestrator) throws java.io.IOException {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + orchestrator + "/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                for (String child : java.nio.file.Files.readString(task.resolve("children")).trim().split("\\s+")) {
                    if (!child.isEmpty() && java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + child + "/cmdline"))
                            .contains("commonplace-orchestrator-guard")) {
                        return Long.parseLong(child);
                    }
                }
            }
        }
        throw new AssertionError("no guard among the orchestrator's children");
    }

    /** {@return the pids of running processes whose command line contains {@code fragment}} */
    public static java.util.List<Long> withCommandLineContaining(String fragment) {
        var pids = new java.util.ArrayList<Long>();
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path d : dirs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (java.nio.file.Files.readString(d.resolve("cmdline")).contains(fragment)) {
                        pids.add(Long.parseLong(d.getFileName().toString()));
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    // gone while we looked
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pids;
    }
}

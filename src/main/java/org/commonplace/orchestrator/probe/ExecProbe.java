package org.commonplace.orchestrator.probe;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ready when a command exits 0. It runs in the process's working directory with the process's
 * extra environment, stdin from /dev/null and its output discarded (a probe's chatter every 250 ms
 * would drown the process's own lines). A command that outlives the timeout is killed, with
 * whatever it started, so probes never pile up behind a hung check.
 */
public final class ExecProbe implements Probe {
    private static final File DEV_NULL = new File("/dev/null");
    /** The system's reason at the end of "error=2, No such file or directory" or "error: 2 (No such …)". */
    private static final Pattern ERRNO = Pattern.compile(".*error[=:] ?\\d+,? ?\\(?([^)]+?)\\)?\\s*");
    /** How long to wait for a killed command to be gone, so the next attempt never overlaps it. */
    private static final long REAP_MS = 1000;

    private final List<String> argv;
    private final Path cwd;
    private final Map<String, String> env;

    /**
     * @param argv the command and its arguments; the command is looked up on the orchestrator's PATH
     * @param cwd  the working directory
     * @param env  variables set on top of the orchestrator's own environment
     */
    public ExecProbe(List<String> argv, Path cwd, Map<String, String> env) {
        this.argv = List.copyOf(argv);
        this.cwd = cwd;
        this.env = Map.copyOf(env);
    }

    @Override
    public ProbeResult attempt(Duration timeout) {
        int timeoutMs = Attempts.millis(timeout);
        var builder = new ProcessBuilder(argv).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process;
        try {
            // Through ChildProcesses, so the orphan reaper leaves this child to the JDK.
            process = org.commonplace.orchestrator.spawn.ChildProcesses.start(builder);
        } catch (IOException | RuntimeException e) {
            return ProbeResult.failed("cannot run: " + shortMessage(e));
        }
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                kill(process);
                return ProbeResult.failed("no exit within " + timeoutMs + " ms (killed)");
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        }
        int code = process.exitValue();
        return code == 0 ? ProbeResult.ok() : ProbeResult.failed("exit code " + code);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(REAP_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * ProcessBuilder says {@code Cannot run program "x" (in directory "/d"): error=2, No such file or
     * directory}, or with the spawn helper {@code Exec failed, error: 2 (No such file or directory)};
     * the program and the system's reason are enough.
     */
    private String shortMessage(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        Matcher errno = ERRNO.matcher(message);
        String reason = errno.matches() ? errno.group(1) : message.strip();
        return argv.getFirst() + ": " + reason.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ExecProbe" + argv;
    }
}

package org.commonplace.orchestrator.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.commonplace.orchestrator.config.OnFailure;
import org.commonplace.orchestrator.model.CrashReport;
import org.commonplace.orchestrator.model.SignalNames;
import org.commonplace.orchestrator.probe.ExecProbe;
import org.commonplace.orchestrator.probe.ProbeResult;
import org.commonplace.orchestrator.spawn.Launcher;

/**
 * Runs a crashed process's {@code on_failure} program, as an exec probe runs: through the
 * orchestrator's launcher (its own session and process group, stdin from /dev/null, in the guard's
 * and run record's custody), in the process's working directory, its output dropped, killed with its
 * group when {@code timeout_ms} is up. Its environment adds {@code NAME}, {@code EXIT_CODE} (an exit)
 * or {@code SIGNAL} (a death by signal, e.g. {@code SIGSEGV}), {@code EXIT} (the end in words),
 * {@code RESTARTS}, {@code GAVE_UP} ({@code true}/{@code false}) and {@code LINES_FILE}, the path of a
 * file with the last lines ({@link LinesFile}, removed when the hook ends).
 *
 * <p>Never on the supervisor's thread, and bounded: {@link #MAX_AT_ONCE} hooks run at once and
 * {@link #MAX_WAITING} more wait; beyond that a hook is not run, and the console says so.
 */
public final class FailureHooks implements Consumer<CrashReport> {
    static final int MAX_AT_ONCE = 4;
    static final int MAX_WAITING = 16;

    /** What a process's hook needs: the program and where it runs. */
    public record Hook(OnFailure onFailure, Path cwd) {
    }

    private final Function<String, Optional<Hook>> hooks;
    private final Launcher launcher;
    private final Folder folder;
    private final String linesPrefix;
    private final Consumer<String> say;
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_AT_ONCE, MAX_AT_ONCE, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING), r -> Thread.ofPlatform().daemon().name("on-failure").stackSize(256 * 1024).unstarted(r));

    /** Where the lines file goes (the private runtime folder, checked each time). */
    @FunctionalInterface
    public interface Folder {
        Path get() throws IOException;
    }

    /**
     * @param hooks    the hook of a process by name, if it has one
     * @param launcher    what starts the hook (the one that starts the processes)
     * @param linesPrefix how this config's lines files are named ({@code RunFiles.linesFilePrefix})
     * @param say         a line of ours on the console (must not block)
     */
    public FailureHooks(Function<String, Optional<Hook>> hooks, Launcher launcher, Folder folder, String linesPrefix,
                        Consumer<String> say) {
        this.hooks = hooks;
        this.launcher = launcher;
        this.folder = folder;
        this.linesPrefix = linesPrefix;
        this.say = say;
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * At the start of a run, holding the config's lock: removes the lines files a run of the same config
     * left when it was killed while a hook ran (its {@code finally} never came), and says how many.
     */
    public void removeLeftovers() {
        try {
            int removed = LinesFile.removeLeftovers(folder.get(), linesPrefix);
            if (removed > 0) {
                say.accept("removed " + removed + " on_failure lines file" + (removed == 1 ? "" : "s")
                        + " left by a run that was killed while its hook ran");
            }
        } catch (IOException | RuntimeException e) {
            say.accept("cannot look for on_failure lines files left by a killed run: " + e.getMessage());
        }
    }

    /**
     * At the end of a run: runs no new hook, and waits up to {@code ms} for those running or waiting
     * (a process given up just before the end still pages someone). {@return whether all ended}
     */
    public boolean finish(long ms) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(CrashReport report) {
        Optional<Hook> hook = hooks.apply(report.name()).filter(h -> h.onFailure().isSet());
        if (hook.isEmpty()) {
            return;
        }
        try {
            pool.execute(() -> run(report, hook.get()));
        } catch (RejectedExecutionException e) {
            say.accept("the on_failure hook of " + report.name() + " is not run: " + MAX_AT_ONCE + " hooks run and "
                    + MAX_WAITING + " wait already");
        }
    }

    private void run(CrashReport report, Hook hook) {
        Path file;
        try {
            file = LinesFile.write(folder.get(), linesPrefix, report);
        } catch (IOException | RuntimeException e) {
            say.accept("the on_failure hook of " + report.name() + " is not run: cannot write its lines file: " + e.getMessage());
            return;
        }
        try {
            ProbeResult result = new ExecProbe(hook.onFailure().command(), hook.cwd(), environment(report, file), launcher)
                    .attempt(Duration.ofMillis(hook.onFailure().timeoutMs()));
            if (!result.ready()) {
                say.accept("the on_failure hook of " + report.name() + " failed: " + result.reason());
            }
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                say.accept("cannot remove " + file + ": " + e.getMessage());
            }
        }
    }

    /** {@return the variables the hook gets on top of the orchestrator's environment} */
    static Map<String, String> environment(CrashReport report, Path linesFile) {
        var env = new LinkedHashMap<String, String>();
        env.put("NAME", report.name());
        if (report.exit().isSignal()) {
            env.put("SIGNAL", SignalNames.name(report.exit().signal()));
        } else if (!report.exit().isLaunchFailure()) {
            env.put("EXIT_CODE", Integer.toString(report.exit().code()));
        }
        env.put("EXIT", report.exit().brief());
        env.put("RESTARTS", Integer.toString(report.restarts()));
        env.put("GAVE_UP", Boolean.toString(report.gaveUp()));
        env.put("LINES_FILE", linesFile.toString());
        return env;
    }
}

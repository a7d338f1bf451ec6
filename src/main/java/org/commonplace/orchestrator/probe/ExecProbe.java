package org.commonplace.orchestrator.probe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.LaunchException;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.spawn.OutputReceiver;
import org.commonplace.orchestrator.spawn.ProcessGroups;


/**
 * Ready when a command exits 0. It is started as the supervised processes are, through the
 * orchestrator's launcher: in a session and process group of its own (so it can neither read the
 * operator's terminal nor get the terminal's Ctrl+C), stdin from /dev/null, in the process's working
 * directory with the process's extra environment, as its user, and in the guard's and the run record's care (so it
 * dies with us if we are killed). Its output is read and dropped (a probe's chatter every 250 ms would
 * drown the process's own lines). A command that outlives the timeout is killed with its whole process
 * group, and waited for, so probes never pile up behind a hung check.
 */
public final class ExecProbe implements Probe {
    /** How long to wait for a killed command to be gone, so the next attempt never overlaps it. */
    private static final long REAP_MS = 1000;
    private static final OutputReceiver DROP = new OutputReceiver() {
        @Override
        public void feed(byte[] bytes, int off, int len) {
        }

        @Override
        public void finish() {
        }
    };

    private final LaunchSpec spec;
    private final Launcher launcher;

    /**
     * @param argv     the command and its arguments; the command is looked up on the PATH
     * @param cwd      the working directory
     * @param env      variables set on top of the orchestrator's own environment
     * @param launcher what starts it (the one that starts the supervised processes)
     */
    public ExecProbe(List<String> argv, Path cwd, Map<String, String> env, Launcher launcher) {
        this(argv, new LaunchSpec("", List.of(), cwd, env), launcher);
    }

    /**
     * A check of the process started with {@code process}: in its cwd, with its extra environment,
     * and as its user with its limits (a check never runs with more than the process it checks).
     */
    public ExecProbe(List<String> argv, LaunchSpec process, Launcher launcher) {
        this.spec = new LaunchSpec(argv.getFirst(), argv.subList(1, argv.size()), process.cwd(), process.env(),
                process.privileges());
        this.launcher = launcher;
    }

    @Override
    public ProbeResult attempt(Duration timeout) {
        int timeoutMs = Attempts.millis(timeout);
        Child child;
        try {
            child = launcher.launch(spec);
        } catch (LaunchException | RuntimeException e) {
            return ProbeResult.failed("cannot run: " + e.getMessage());
        }
        var exit = new CompletableFuture<ExitStatus>();
        child.pipeOutput(DROP, DROP);
        child.onExit(exit::complete);
        try {
            ExitStatus status = exit.get(timeoutMs, TimeUnit.MILLISECONDS);
            child.release();
            return status.isClean() ? ProbeResult.ok() : ProbeResult.failed(status.brief());
        } catch (TimeoutException e) {
            kill(child, exit);
            return ProbeResult.failed("no exit within " + timeoutMs + " ms (killed)");
        } catch (InterruptedException e) {
            kill(child, exit);
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        } catch (ExecutionException e) {
            return ProbeResult.failed("cannot run: " + e.getCause());
        }
    }

    private static void kill(Child child, CompletableFuture<ExitStatus> exit) {
        child.signalGroup(ProcessGroups.SIGKILL);
        try {
            exit.get(REAP_MS, TimeUnit.MILLISECONDS);
            child.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // gone or going; the guard answers for it if we die first
        }
    }

    @Override
    public String toString() {
        return "ExecProbe[" + spec.commandLine() + "]";
    }
}

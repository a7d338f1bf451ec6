package org.commonplace.orchestrator.spawn;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ExitStatus;

/** A child started by {@link NativeLauncher}: its pipes and exit are watched by the shared I/O loop. */
final class NativeChild implements Child {
    private final long pid;
    private final int pidfd;
    private final int stdoutFd;
    private final int stderrFd;
    private final IoLoop loop;
    private final GroupCustody custody;
    private final CompletableFuture<ExitStatus> exit;

    NativeChild(long pid, int pidfd, int stdoutFd, int stderrFd, IoLoop loop, GroupCustody custody, CompletableFuture<ExitStatus> exit) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.stdoutFd = stdoutFd;
        this.stderrFd = stderrFd;
        this.loop = loop;
        this.custody = custody;
        this.exit = exit;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Void> pipeOutput(OutputReceiver stdout, OutputReceiver stderr) {
        var outEnded = new CompletableFuture<Void>();
        var errEnded = new CompletableFuture<Void>();
        loop.watchPipe(stdoutFd, stdout, () -> outEnded.complete(null));
        loop.watchPipe(stderrFd, stderr, () -> errEnded.complete(null));
        watchExit();
        return CompletableFuture.allOf(outEnded, errEnded);
    }

    @Override
    public void onExit(Consumer<ExitStatus> onExit) {
        watchExit();
        exit.thenAccept(onExit);
    }

    /** Whether the I/O loop watches the exit; set under this object's lock. */
    private boolean watching;

    /**
     * Has the I/O loop watch the exit, once: only now, after the pipes (when {@link #pipeOutput} comes
     * first, as it should), so that the loop reads what the child wrote before it reports the exit —
     * an exit seen before its pipes were watched would be reported ahead of its last lines.
     */
    private synchronized void watchExit() {
        if (!watching) {
            watching = true;
            loop.watchExit(pidfd, new int[] {stdoutFd, stderrFd}, exit::complete);
        }
    }

    /** Set, under this object's lock, once the leader is reaped: its id may be someone else's after. */
    private boolean reaped;

    @Override
    public synchronized void signalGroup(int signal) {
        // posix_spawn made it a session and group leader before it ran a single instruction. Until it
        // is reaped (here, in release) its zombie holds the group id, so this cannot hit a stranger.
        if (!reaped) {
            ProcessGroups.signal(pid, signal);
        }
    }

    /**
     * Sweeps the group, unlists it from the guard and the run record, and only then reaps the leader:
     * the I/O loop reported the exit without reaping, so until this moment the zombie kept the id from
     * being reused, and no signal of ours (the sweep, a stop signal, the kill at a stop timeout, the
     * guard's) can reach a process that got the id later. Idempotent.
     */
    @Override
    public synchronized void release() {
        if (reaped || !exit.isDone()) {
            return;
        }
        ProcessGroups.signal(pid, ProcessGroups.SIGKILL);
        custody.groupReleased(pid);
        PidfdWait.reapNow(pidfd);
        reaped = true;
        Native.close(pidfd);
        ChildProcesses.nativeReaped(pid);
    }
}

package org.commonplace.orchestrator.spawn;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/** A child started by {@link NativeLauncher}: its pipes and exit are watched by the shared I/O loop. */
final class NativeChild implements Child {
    private final long pid;
    private final int stdoutFd;
    private final int stderrFd;
    private final IoLoop loop;
    private final Custody custody;
    private final CompletableFuture<Integer> exit;

    NativeChild(long pid, int stdoutFd, int stderrFd, IoLoop loop, Custody custody, CompletableFuture<Integer> exit) {
        this.pid = pid;
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
        return CompletableFuture.allOf(outEnded, errEnded);
    }

    @Override
    public void onExit(IntConsumer onExit) {
        exit.thenAccept(onExit::accept);
    }

    @Override
    public void signalGroup(int signal) {
        // posix_spawn made it a session and group leader before it ran a single instruction.
        ProcessGroups.signal(pid, signal);
    }

    @Override
    public void release() {
        custody.groupReleased(pid);
    }
}

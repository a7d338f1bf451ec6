package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.spawn.Child;

/** A child that exits when the test says so (or, if told, when it receives its stop signal). */
final class FakeChild implements Child {
    final String name;
    final long pid;
    final List<Integer> signals = new ArrayList<>();
    private Consumer<ExitStatus> onExit;
    private boolean exited;
    /** The signal that kills it (besides SIGKILL); -1: it ignores signals. */
    int exitOnSignal = 15;

    FakeChild(String name, long pid) {
        this.name = name;
        this.pid = pid;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> pipeOutput(org.commonplace.orchestrator.spawn.OutputReceiver stdout,
                                                                   org.commonplace.orchestrator.spawn.OutputReceiver stderr) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public void onExit(Consumer<ExitStatus> onExit) {
        this.onExit = onExit;
    }

    @Override
    public void signalGroup(int signal) {
        signals.add(signal);
        if (exited) {
            return;
        }
        if (signal == 9 || signal == exitOnSignal) {
            killedBy(signal);
        }
    }

    /** The signals sent to the main process alone. */
    final List<Integer> mainSignals = new ArrayList<>();

    @Override
    public void signalMain(int signal) {
        mainSignals.add(signal);
    }

    /** The process exits by itself with {@code code}: its exit callback runs now. */
    void exit(int code) {
        end(ExitStatus.exited(code));
    }

    /** The process is killed by {@code signal}: its exit callback runs now. */
    void killedBy(int signal) {
        end(ExitStatus.killed(signal, false));
    }

    private void end(ExitStatus status) {
        if (exited) {
            return;
        }
        exited = true;
        onExit.accept(status);
    }

    @Override
    public void release() {
        released = true;
    }

    boolean released;

    boolean exited() {
        return exited;
    }
}

package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.commonplace.orchestrator.spawn.Child;

/** A child that exits when the test says so (or, if told, when it receives its stop signal). */
final class FakeChild implements Child {
    final String name;
    final long pid;
    final List<Integer> signals = new ArrayList<>();
    private IntConsumer onExit;
    private boolean exited;
    /** Exit code to exit with when signalled with this signal's number; -1: ignore signals. */
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
    public void onExit(IntConsumer onExit) {
        this.onExit = onExit;
    }

    @Override
    public void signalGroup(int signal) {
        signals.add(signal);
        if (exited) {
            return;
        }
        if (signal == 9) {
            exit(128 + 9);
        } else if (signal == exitOnSignal) {
            exit(128 + signal);
        }
    }

    /** The process exits with {@code code}: its exit callback runs now. */
    void exit(int code) {
        if (exited) {
            return;
        }
        exited = true;
        onExit.accept(code);
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

package org.commonplace.orchestrator.spawn;

import java.io.InputStream;
import java.util.function.IntConsumer;

/** A {@link Child} backed by a JDK {@link Process} started in its own session. */
final class OsChild implements Child {
    private final Process process;
    private final Custody custody;

    OsChild(Process process, Custody custody) {
        this.process = process;
        this.custody = custody;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public void onExit(IntConsumer onExit) {
        process.onExit().thenAccept(p -> onExit.accept(p.exitValue()));
    }

    @Override
    public void signalGroup(int signal) {
        // Right after the spawn, setsid may not have run yet, so the group does not exist: then the
        // pid itself (still the wrapper, about to exec the program) gets the signal.
        if (!ProcessGroups.signal(process.pid(), signal) && process.isAlive()) {
            ProcessGroups.signalProcess(process.pid(), signal);
        }
    }

    @Override
    public void release() {
        custody.groupReleased(process.pid());
    }
}

package org.commonplace.orchestrator.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ExitStatus;

/** A {@link Child} backed by a JDK {@link Process} started in its own session. */
final class OsChild implements Child {
    private final Process process;
    private final GroupCustody custody;

    OsChild(Process process, GroupCustody custody) {
        this.process = process;
        this.custody = custody;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<Void> pipeOutput(OutputReceiver stdout, OutputReceiver stderr) {
        return CompletableFuture.allOf(drain(process.getInputStream(), stdout), drain(process.getErrorStream(), stderr));
    }

    /** Reads a stream on a virtual thread of its own until its end. */
    private CompletableFuture<Void> drain(InputStream in, OutputReceiver receiver) {
        var done = new CompletableFuture<Void>();
        Thread.ofVirtual().name("pump-" + process.pid()).start(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    receiver.feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // The pipe was closed under us (the child is gone); what was read is passed on below.
            } finally {
                receiver.finish();
                done.complete(null);
            }
        });
        return done;
    }

    @Override
    public void onExit(Consumer<ExitStatus> onExit) {
        // The JDK folds a death by signal N into 128 + N: this launcher can only read it back that way.
        process.onExit().thenAccept(p -> onExit.accept(ExitStatus.fromFoldedCode(p.exitValue())));
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

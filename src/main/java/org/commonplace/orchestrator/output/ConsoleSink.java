package org.commonplace.orchestrator.output;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The orchestrator's stdout and stderr, unbuffered: pumps hand over batches of whole lines, and each
 * batch is one write(2) (or a few, for large ones) under a lock per stream, so lines never interleave
 * and nothing waits in a buffer.
 *
 * <p>A destination that is gone (a closed pipe) is not an error: the bytes are dropped and the pumps
 * keep draining the children, who must never block on us.
 */
public final class ConsoleSink implements OutputSink {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private volatile boolean stdoutGone;
    private volatile boolean stderrGone;

    public ConsoleSink() {
        this(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    }

    public ConsoleSink(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void out(byte[] bytes, int off, int len) {
        if (stdoutGone) {
            return;
        }
        synchronized (stdout) {
            try {
                stdout.write(bytes, off, len);
            } catch (IOException e) {
                stdoutGone = true;
            }
        }
    }

    @Override
    public void err(byte[] bytes, int off, int len) {
        if (stderrGone) {
            return;
        }
        synchronized (stderr) {
            try {
                stderr.write(bytes, off, len);
            } catch (IOException e) {
                stderrGone = true;
            }
        }
    }
}

package org.commonplace.orchestrator.output;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import org.commonplace.orchestrator.spawn.PipeSize;

/**
 * The orchestrator's stdout and stderr. Each batch of whole lines is handed to the stream's writer
 * thread ({@link StreamWriter}) and written there as one write(2), in the order handed over, so lines
 * never interleave and nothing waits in a buffer longer than the terminal takes.
 *
 * <p>A destination that is gone (a closed pipe) or stuck is not an error: the pumps keep draining the
 * children, who never block on us, and the supervisor's own messages never wait. A destination
 * that refuses writes for a while (a full disk) is reported on the other stream; see {@link StreamWriter}.
 */
public final class ConsoleSink implements OutputSink {
    private final StreamWriter stdout;
    private final StreamWriter stderr;
    /** How a line of ours looks (set once the style is known: JSON, colours, time). */
    private volatile boolean stderrToStdout;
    private volatile Function<String, byte[]> voice = m -> ("[orchestrator] " + m + "\n").getBytes(StandardCharsets.UTF_8);

    public ConsoleSink() {
        this(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
        // A reader that falls behind a flood gets a pipe of 1 MiB (when ours is a pipe): fewer,
        // bigger reads and writes, fewer wake-ups for both (see PipeSize).
        stdout.whenBehind(() -> PipeSize.widen(1, PipeSize.WIDE));
        stderr.whenBehind(() -> PipeSize.widen(2, PipeSize.WIDE));
    }

    public ConsoleSink(OutputStream stdout, OutputStream stderr) {
        // Each stream's trouble is told on the other, which may still work (stdout on a full disk).
        this.stdout = new StreamWriter(stdout, "stdout", message -> tell(message, true), m -> voice.apply(m));
        this.stderr = new StreamWriter(stderr, "stderr", message -> tell(message, false), m -> voice.apply(m));
    }

    /**
     * {@code tell} hears once that stdout was closed by its reader ({@code | head}): not worth a word
     * on the console, where it is how a pipeline ends, but worth one in a log file.
     */
    public void whenStdoutCloses(Consumer<String> tell) {
        stdout.onGone(() -> tell.accept("stdout was closed by its reader; the lines go on to the log files only"));
    }

    /** From now on stderr lines go to stdout too, in order with the rest (JSON lines: their "stream" says which). */
    public void stderrToStdout() {
        this.stderrToStdout = true;
    }

    /** Our own reports (a stream that cannot be written, lines dropped) are said this way from now on. */
    public void voice(Function<String, byte[]> voice) {
        this.voice = voice;
    }

    private void tell(String message, boolean toStderr) {
        say(voice.apply(message), toStderr);
    }

    @Override
    public void out(byte[] bytes, int off, int len) {
        stdout.offer(bytes, off, len, true);
    }

    @Override
    public void err(byte[] bytes, int off, int len) {
        (stderrToStdout ? stdout : stderr).offer(bytes, off, len, true);
    }

    @Override
    public void say(byte[] line, boolean toStderr) {
        (toStderr ? stderr : stdout).offer(line, 0, line.length, false);
    }

    /** Waits up to {@code ms} for everything written so far to reach both streams (before exiting). */
    public void flush(long ms) {
        try {
            stdout.drain(ms);
            stderr.drain(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

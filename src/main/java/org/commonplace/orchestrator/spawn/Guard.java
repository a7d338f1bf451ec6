package org.commonplace.orchestrator.spawn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A dead man's switch: a small bash process, in a session of its own, told over its stdin which
 * process groups and adopted pids the orchestrator is answerable for. When its stdin reaches end of
 * file — the orchestrator exited, however it died, SIGKILL included — it SIGKILLs whatever is still
 * listed. The parent-death signal covers only direct children; this covers their process groups and
 * the daemons that left them.
 *
 * <p>On a normal exit everything has been stopped and unlisted first, so the guard kills nothing.
 */
final class Guard implements AutoCloseable {
    private static final String SCRIPT = """
            declare -A groups=() pids=()
            while read -r op id; do
              case $op in
                +g) groups[$id]=1 ;;  -g) unset "groups[$id]" ;;
                +p) pids[$id]=1 ;;    -p) unset "pids[$id]" ;;
              esac
            done
            for g in "${!groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null; done
            for p in "${!pids[@]}"; do kill -KILL -- "$p" 2>/dev/null; done
            exit 0
            """;

    private final Process process;
    private final OutputStream commands;
    private boolean broken;

    private Guard(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
    }

    /** Starts the guard; null where bash or setsid is missing (the other defences still apply). */
    static Guard start(String setsid) {
        try {
            // The script travels in the environment so that ps shows a short command line.
            var builder = new ProcessBuilder(List.of(setsid, "/bin/bash", "-c", "eval \"$COMMONPLACE_GUARD\"",
                    "commonplace-orchestrator-guard"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("COMMONPLACE_GUARD", SCRIPT);
            return new Guard(ChildProcesses.start(builder));
        } catch (IOException e) {
            return null;
        }
    }

    synchronized void group(long pgid, boolean add) {
        send((add ? "+g " : "-g ") + pgid);
    }

    synchronized void pid(long pid, boolean add) {
        send((add ? "+p " : "-p ") + pid);
    }

    private void send(String line) {
        if (broken) {
            return;
        }
        try {
            commands.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    /**
     * Ends the guard: after this it kills whatever is still listed, which should be nothing. Waits a
     * moment for it to exit, so that the orphan reaper is not left inside waitid (a native call the
     * JVM would wait 300 ms for at exit).
     */
    @Override
    public void close() {
        synchronized (this) {
            try {
                commands.close();
            } catch (IOException e) {
                // already gone
            }
            broken = true;
        }
        try {
            process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

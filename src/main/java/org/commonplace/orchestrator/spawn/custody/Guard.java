package org.commonplace.orchestrator.spawn.custody;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.commonplace.orchestrator.spawn.ChildProcesses;

/**
 * A dead man's switch: a small bash process, in a session of its own and with a clean
 * environment, told over its stdin which process groups and adopted pids the orchestrator is
 * answerable for. When its stdin reaches end of file — the orchestrator exited, however it died,
 * SIGKILL included — it SIGKILLs whatever is still listed, and every descendant of it. The parent-death signal covers only direct children; this covers their process groups and
 * the daemons that left them.
 *
 * <p>On a normal exit everything has been stopped and unlisted first, so the guard kills nothing.
 */
final class Guard implements AutoCloseable {
    /**
     * Lines in: {@code +g PGID START}, {@code -g PGID}, {@code +p PID START}, {@code -p PID}. At end of
     * input it freezes (SIGSTOP) and then kills every process that is provably ours: a member of a
     * listed group or session that started no earlier than its leader, a listed pid with its start
     * time, and every descendant of those — found by parent pid, pass after pass until a pass finds
     * nothing new, so a grandchild that made its own session while its parent still ran goes too, and
     * nothing can fork away while we look (a stopped process cannot fork). Start times are field 22
     * of /proc/PID/stat; they keep a reused pid from being mistaken for ours.
     */
    private static final String SCRIPT = """
            declare -A groups=() pids=() doomed=()
            while read -r op id start; do
              case $op in
                +g) groups[$id]=$start ;;  -g) unset "groups[$id]" ;;
                +p) pids[$id]=$start ;;    -p) unset "pids[$id]" ;;
              esac
            done
            (( ${#groups[@]} + ${#pids[@]} )) || exit 0
            changed=1
            while (( changed )); do
              changed=0
              for d in /proc/[0-9]*; do
                p=${d#/proc/}
                [[ -n ${doomed[$p]} ]] && continue
                read -r line < "$d/stat" 2>/dev/null || continue
                f=(${line##*) })
                pp=${f[1]} pg=${f[2]} sid=${f[3]} st=${f[19]}
                if [[ -n ${doomed[$pp]} ]] \
                   || { [[ -n ${groups[$pg]} ]] && (( st >= groups[$pg] )); } \
                   || { [[ -n ${groups[$sid]} ]] && (( st >= groups[$sid] )); } \
                   || [[ ${pids[$p]} == "$st" ]]; then
                  kill -STOP "$p" 2>/dev/null
                  doomed[$p]=1
                  changed=1
                fi
              done
            done
            for p in "${!doomed[@]}"; do kill -KILL "$p" 2>/dev/null; done
            exit 0
            """;

    private final Process process;
    private final OutputStream commands;
    private boolean broken;

    private Guard(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
    }

    /** A guard started ahead of the run that will take it (see {@link #startAhead}), until taken. */
    private static final AtomicReference<CompletableFuture<Guard>> AHEAD = new AtomicReference<>();

    /**
     * Starts a guard on a thread of its own, for the next {@link #startOrTakeAhead} to take: its
     * start (three execs: the JDK's spawn helper, setsid, bash) then overlaps reading the config. An
     * orchestrator that ends before taking it closes its end of the pipe by exiting, and the guard,
     * with nothing listed, exits too.
     */
    static void startAhead(String setsid) {
        var future = new CompletableFuture<Guard>();
        if (AHEAD.compareAndSet(null, future)) {
            Thread.ofPlatform().daemon().name("guard-start").stackSize(256 * 1024).start(() -> {
                try {
                    future.complete(start(setsid));
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e); // thrown where the guard is taken, as if started there
                }
            });
        }
    }

    /** {@return the guard started ahead, if any (waiting for its start to finish), or one started now} */
    static Guard startOrTakeAhead(String setsid) {
        var ahead = AHEAD.getAndSet(null);
        if (ahead == null) {
            return start(setsid);
        }
        try {
            return ahead.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("starting the guard", e.getCause());
        }
    }

    /** Starts the guard; null where bash or setsid is missing (the other defences still apply). */
    static Guard start(String setsid) {
        try {
            // The script travels in the environment so that ps shows a short command line.
            var builder = new ProcessBuilder(List.of(setsid, "/bin/bash", "-c", "eval \"$COMMONPLACE_GUARD\"",
                    "commonplace-orchestrator-guard"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            // A clean environment: BASH_ENV or an exported function (BASH_FUNC_kill%%) inherited from
            // whoever started us would otherwise run inside the guard, which kills as root.
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            builder.environment().put("LC_ALL", "C");
            builder.environment().put("COMMONPLACE_GUARD", SCRIPT);
            return new Guard(ChildProcesses.start(builder));
        } catch (IOException e) {
            return null;
        }
    }

    /** Lists a group (its leader started at {@code startTime}); it and its session are killed if we die. */
    synchronized void addGroup(long pgid, long startTime) {
        send("+g " + pgid + " " + startTime);
    }

    synchronized void removeGroup(long pgid) {
        send("-g " + pgid);
    }

    /** Lists one adopted process (started at {@code startTime}). */
    synchronized void addPid(long pid, long startTime) {
        send("+p " + pid + " " + startTime);
    }

    synchronized void removePid(long pid) {
        send("-p " + pid);
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

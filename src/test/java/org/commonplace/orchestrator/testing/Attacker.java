package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What another local user, or a program that wants a pid we will signal, can do: run a shell
 * command as {@code nobody} (uid 65534, through util-linux's setpriv), or start a process that gets a
 * chosen pid (as root, by writing {@code /proc/sys/kernel/ns_last_pid} just before the fork).
 */
public final class Attacker {
    public static final long NOBODY = 65534;

    private Attacker() {
    }

    /** Runs {@code script} with sh as nobody; {@return its stdout}, failing the test when it fails. */
    public static String asNobody(String script) {
        return run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c", script));
    }

    /** Starts {@code command} as nobody and leaves it running; the caller ends it. */
    public static Process startAsNobody(String... command) {
        var all = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        all.addAll(List.of(command));
        try {
            return new ProcessBuilder(all).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code script} with bash as ourselves; {@return its stdout}. */
    public static String asUs(String script) {
        return run(List.of("/bin/bash", "-c", script));
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Starts {@code setsid sleep 1000} — a stranger leading a session and group of its own — with
     * pid {@code pid}, as a process of any user would get a freed id; tries until the pid comes round.
     *
     * @return the stranger's pid, which is {@code pid}
     */
    public static long strangerWithPid(long pid) {
        String script = "for i in $(seq 200); do echo " + (pid - 1) + " > /proc/sys/kernel/ns_last_pid; "
                + "setsid sleep 1000 </dev/null >/dev/null 2>&1 & p=$!; "
                + "if [ $p = " + pid + " ]; then echo $p; exit 0; fi; kill -KILL $p; done; echo none; exit 1";
        return Long.parseLong(asUs(script));
    }
}

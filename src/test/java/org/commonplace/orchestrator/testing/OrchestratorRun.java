package org.commonplace.orchestrator.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.ProcessGroups;

/**
 * The orchestrator run as a real process (the test JVM's java, the test classpath), with both of its
 * streams read all the time into memory, so it never blocks on a full pipe. Closing it stops the
 * orchestrator (SIGTERM, then SIGKILL after 15 s) so no test leaves anything behind, and fails the
 * test when a supervising run ({@code run}) did not stop cleanly: it needed the SIGKILL, or it exited
 * other than 0 (a child killed at its stop timeout, a failure). A test whose stop is meant to be
 * unclean says so, and why, with {@link #allowUncleanStop}; one whose orchestrator ends by itself (or
 * is killed) waits for that exit with {@link #awaitExit} and asserts its code, so that the stop at
 * close cannot race it. A client ({@code watch}, {@code logs -f}) may end with any code, but not hang.
 */
public final class OrchestratorRun implements AutoCloseable {
    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread outReader;
    private final Thread errReader;
    private final boolean ownGroup;
    /** Whether this is {@code run} (the default command), whose stop must be clean. */
    private final boolean supervises;
    /** Why this test's stop at close may be unclean; null: it must be clean. */
    private String uncleanStopAllowed;

    private OrchestratorRun(Process process, boolean ownGroup, boolean supervises) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.supervises = supervises;
        this.outReader = Thread.ofPlatform().daemon().start(() -> copy(process.getInputStream(), stdout));
        this.errReader = Thread.ofPlatform().daemon().start(() -> copy(process.getErrorStream(), stderr));
    }

    /** Starts {@code commonplace-orchestrator ARGS} in the test JVM's process group. */
    public static OrchestratorRun start(String... args) {
        return start(false, args);
    }

    /**
     * Starts it; with {@code ownGroup} it leads a process group of its own (as a shell's foreground
     * job does), so the test can signal that whole group as a terminal's Ctrl+C would.
     */
    public static OrchestratorRun start(boolean ownGroup, String... args) {
        return start(ownGroup ? List.of("/usr/bin/setsid") : List.of(), List.of(), java.util.Map.of(), args);
    }

    /**
     * Starts it as a script's {@code orchestrator &} does: with SIGINT ignored (a shell without job
     * control ignores SIGINT in background jobs, and the ignore is inherited through exec).
     */
    public static OrchestratorRun startWithSigintIgnored(String... args) {
        return start(List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh"), List.of(), java.util.Map.of(), args);
    }

    /**
     * The memory flags of bin/commonplace-orchestrator's {@code jvm_flags}: a test of what a burst
     * does to memory must give the orchestrator the heap the launcher gives it.
     */
    public static final List<String> LAUNCHER_MEMORY = List.of("-Xms4m", "-Xmx128m", "-Xss256k");

    /** Runs {@code run --config CONFIG} with the launcher's heap, its stdout going to {@code stdout}. */
    public static OrchestratorRun runAsLaunched(ProcessBuilder.Redirect stdout, Path config) {
        return start(List.of(), LAUNCHER_MEMORY, java.util.Map.of(), stdout, "run", "--config", config.toString());
    }

    /** Runs {@code run --config CONFIG} with its stdout going to {@code stdout} (a file, /dev/full) instead of the test. */
    public static OrchestratorRun runWithStdout(java.io.File stdout, Path config, String... extra) {
        var args = new ArrayList<>(List.of("run", "--config", config.toString()));
        args.addAll(Arrays.asList(extra));
        return start(List.of(), List.of(), java.util.Map.of(), ProcessBuilder.Redirect.to(stdout), args.toArray(String[]::new));
    }

    /**
     * Starts it as {@code WRAPPER... java JVM_OPTIONS... Main ARGS...} with {@code env} added to the
     * test JVM's environment: to run it as another user ({@code setpriv}), with another temp folder,
     * or with an environment an attacker chose.
     */
    public static OrchestratorRun start(List<String> wrapper, List<String> jvmOptions, java.util.Map<String, String> env,
                                        String... args) {
        return start(wrapper, jvmOptions, env, ProcessBuilder.Redirect.PIPE, args);
    }

    private static OrchestratorRun start(List<String> wrapper, List<String> jvmOptions, java.util.Map<String, String> env,
                                         ProcessBuilder.Redirect stdout, String... args) {
        boolean ownGroup = wrapper.contains("/usr/bin/setsid");
        RuntimeLeftovers.remember(Arrays.asList(args));
        var command = new ArrayList<String>(wrapper);
        boolean supervises = args.length == 0 || args[0].equals("run") || args[0].startsWith("-");
        // -DisplayVMOutput as bin/commonplace-orchestrator has it: SIGQUIT prints no thread dump.
        command.addAll(List.of(Java.binary(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput"));
        if (!supervises) {
            // A client command (ps, stop, logs, check...) lives a second: the launcher's compiler flags
            // (C1 only, one compiler thread, no perf data file), with which the suite's hundreds of
            // them cost a third less CPU than with C2 compiling. A run keeps C2: the flood tests
            // push hundreds of megabytes through it, and were timed with it.
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData"));
        }
        command.addAll(jvmOptions);
        // A classpath among the JVM options (Java.classpathWithMainJar) replaces the test JVM's.
        command.addAll(jvmOptions.contains("-cp") ? List.of("org.commonplace.orchestrator.cli.Main")
                : List.of("-cp", Java.classpath(), "org.commonplace.orchestrator.cli.Main"));
        command.addAll(Arrays.asList(args));
        try {
            var builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout);
            builder.environment().putAll(env);
            return new OrchestratorRun(builder.start(), ownGroup, supervises);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code run --config CONFIG EXTRA...}. */
    public static OrchestratorRun run(Path config, String... extra) {
        var args = new ArrayList<>(List.of("run", "--config", config.toString()));
        args.addAll(Arrays.asList(extra));
        return start(args.toArray(String[]::new));
    }

    private static void copy(InputStream in, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[65536];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (sink) {
                    sink.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the orchestrator is gone
        }
    }

    public long pid() {
        return process.pid();
    }

    public byte[] stdoutBytes() {
        synchronized (stdout) {
            return stdout.toByteArray();
        }
    }

    public String stdout() {
        return new String(stdoutBytes(), StandardCharsets.UTF_8);
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    /** Waits until a stdout line matches {@code regex} (find), up to {@code timeout}; returns that line. */
    public String awaitStdout(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        awaitOrExplain("a stdout line matching /" + regex + "/", timeout,
                () -> stdoutLines().stream().anyMatch(l -> pattern.matcher(l).find()));
        return stdoutLines().stream().filter(l -> pattern.matcher(l).find()).findFirst().orElseThrow();
    }

    public String awaitStdout(String regex) {
        return awaitStdout(regex, Duration.ofSeconds(20));
    }

    /** Waits until {@code count} stdout lines match {@code regex}. */
    public void awaitStdoutCount(String regex, int count, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        awaitOrExplain(count + " stdout lines matching /" + regex + "/", timeout,
                () -> stdoutLines().stream().filter(l -> pattern.matcher(l).find()).count() >= count);
    }

    /** Waits until a stderr line matches. */
    public void awaitStderr(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        awaitOrExplain("a stderr line matching /" + regex + "/", timeout,
                () -> stderr().lines().anyMatch(l -> pattern.matcher(l).find()));
    }

    /** Waits for the condition; on timeout, fails with what the orchestrator had printed by then. */
    private void awaitOrExplain(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " within " + timeout + (process.isAlive() ? "" : " (the orchestrator exited "
                    + process.exitValue() + ")") + "\n--- stdout:\n" + tail(stdout()) + "\n--- stderr:\n" + tail(stderr()), e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    /** Sends a signal to the orchestrator's pid. */
    public void signal(int signal) {
        killedByTest(signal);
        ProcessGroups.signalProcess(process.pid(), signal);
    }

    /** A test that SIGKILLs the orchestrator has made its end unclean itself; close only waits for it. */
    private void killedByTest(int signal) {
        if (signal == ProcessGroups.SIGKILL && uncleanStopAllowed == null) {
            uncleanStopAllowed = "the test killed it with SIGKILL";
        }
    }

    /** Sends a signal to the orchestrator's whole process group (needs {@code ownGroup}). */
    public void signalGroup(int signal) {
        if (!ownGroup) {
            throw new IllegalStateException("only a run started with its own group may be signalled as a group");
        }
        killedByTest(signal);
        ProcessGroups.signal(process.pid(), signal);
    }

    /** Waits for the orchestrator to exit and for its streams to be read to the end; returns its code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the orchestrator did not exit within " + timeout + "; stdout:\n"
                        + tail(stdout()) + "\nstderr:\n" + tail(stderr()));
            }
            outReader.join(5000);
            errReader.join(5000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Lets the stop at {@link #close} be unclean (exit other than 0, or a SIGKILL after 15 s), for a
     * test that makes it so on purpose; {@code why} says what makes it so.
     */
    public OrchestratorRun allowUncleanStop(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("say why the stop may be unclean");
        }
        this.uncleanStopAllowed = why;
        return this;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        ProcessGroups.signalProcess(process.pid(), ProcessGroups.SIGTERM);
        boolean stopped;
        try {
            stopped = process.waitFor(15, TimeUnit.SECONDS);
            if (!stopped) {
                ProcessGroups.signalProcess(process.pid(), ProcessGroups.SIGKILL);
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (uncleanStopAllowed != null) {
            return;
        }
        if (!stopped) {
            throw new AssertionError("the orchestrator did not stop within 15 s of SIGTERM at the end of the test"
                    + " (killed)" + output());
        }
        int code = process.exitValue();
        if (supervises && code != 0) {
            throw new AssertionError("the orchestrator's stop at the end of the test exited " + code + ", not 0"
                    + " (a child killed at its stop timeout? a failure?); a test that means it says so with"
                    + " allowUncleanStop(why)" + output());
        }
    }

    /**
     * {@return an error saying what failed, with what the orchestrator (and so its children, the
     * broker among them) had printed by then} — for a failure outside this class, such as a test's
     * own MQTT client losing its connection, which would otherwise say nothing of why.
     */
    public AssertionError explain(String what, Throwable cause) {
        return new AssertionError(what + ": " + cause + output(), cause);
    }

    private String output() {
        try {
            outReader.join(2000);
            errReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "\n--- stdout:\n" + tail(stdout()) + "\n--- stderr:\n" + tail(stderr());
    }
}

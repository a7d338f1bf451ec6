package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.control.Client;
import org.commonplace.orchestrator.control.WaitClient;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.runtime.RuntimeDir;

/**
 * {@code run --detach}: the same command line without {@code --detach}, started again in a session of
 * its own ({@code setsid}: no terminal, so a closed terminal's SIGHUP or a Ctrl+C there does not reach
 * it), stdin from /dev/null and its output appended to {@code LOG_DIR/orchestrator-console.log} (else
 * the runtime directory, beside the control socket, as {@code HASH.log}); then this waits as
 * {@code wait} does and exits with its codes. When the orchestrator exits before its socket answers
 * (a broker that does not answer, a socket in use), its exit code is ours and the end of its output
 * is shown.
 */
final class Detach {
    /** The file name of the detached orchestrator's output in {@code log_dir}. */
    static final String CONSOLE_LOG = "orchestrator-console.log";
    /** How often the socket is tried while the orchestrator starts. */
    private static final long POLL_MS = 50;
    /** How many lines of its output a failed start shows. */
    private static final int TAIL_LINES = 10;

    private Detach() {
    }

    static int run(RunOptions options, List<String> originalArgs, PrintStream out, PrintStream err) throws InterruptedException {
        Optional<Duration> timeout = WaitCommand.timeout(options.waitTimeoutSeconds);
        long deadline = timeout.map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
        Optional<OrchestratorConfig> config = ConfigStep.load(options.config, options.strict, err);
        if (config.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Path socket;
        Path log;
        try {
            Path derived = RunFiles.of(options.config).socket();
            socket = options.socket != null ? options.socket : derived;
            String base = derived.getFileName().toString().replaceFirst("\\.sock$", "");
            Optional<Path> dir = config.get().logs().dir();
            if (dir.isPresent()) {
                Files.createDirectories(dir.get());
            }
            log = dir.map(d -> d.resolve(CONSOLE_LOG)).orElse(derived.resolveSibling(base + ".log"));
        } catch (IOException | RuntimeDir.Unsafe e) {
            err.println("cannot run in the background: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(ownCommand(originalArgs));
        Process child;
        try {
            child = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            err.println("cannot run in the background: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        out.println("the orchestrator runs in the background (pid " + child.pid() + "); its output goes to " + log);
        while (!answers(socket)) {
            if (!child.isAlive()) {
                int code = child.exitValue();
                err.println("the orchestrator exited with code " + code + " before it was ready; the end of " + log + ":");
                tail(log).forEach(line -> err.println("  " + Client.safe(line)));
                return code == ExitCodes.OK ? ExitCodes.FAILURE : code;
            }
            if (System.nanoTime() - deadline > 0) {
                err.println("timed out after " + WaitClient.seconds(timeout.get()) + ": the orchestrator (pid " + child.pid()
                        + ") does not answer on " + socket + " yet; it goes on in the background");
                return WaitClient.TIMED_OUT;
            }
            Thread.sleep(POLL_MS);
        }
        Optional<Duration> left = timeout.map(t -> Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        return WaitClient.await(socket, List.of(), left, timeout, out, err);
    }

    /**
     * {@return the command that started this JVM, with {@code args} (those of {@code main}) less
     * {@code --detach} and {@code --wait-timeout}}: read from /proc whole, where the JVM's own view of
     * its command line may be cut short.
     */
    static List<String> ownCommand(List<String> args) {
        List<String> all;
        try {
            String cmdline = Files.readString(Path.of("/proc/self/cmdline"), StandardCharsets.UTF_8);
            // Each argument ends with a NUL: the last split is the empty rest after the final one.
            List<String> split = Arrays.asList(cmdline.split("\0", -1));
            all = split.subList(0, split.size() - 1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/cmdline: " + e.getMessage(), e);
        }
        var command = new ArrayList<>(all.subList(0, all.size() - args.size()));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--detach")) {
                continue;
            }
            if (arg.equals("--wait-timeout")) {
                i++; // and its value
                continue;
            }
            if (!arg.startsWith("--wait-timeout=")) {
                command.add(arg);
            }
        }
        return command;
    }

    private static boolean answers(Path socket) {
        try (Client client = Client.connect(socket)) {
            return true;
        } catch (Client.NotRunning | IOException e) {
            return false;
        }
    }

    private static List<String> tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(cannot read it: " + e.getMessage() + ")");
        }
    }
}

package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.spawn.ChildProcesses;
import org.commonplace.orchestrator.spawn.NativeLauncher;

/**
 * The training runs of the launcher's two AOT caches (JEP 483/514). An AOT-linked class is loaded at
 * every start, whether the command needs it or not, so each cache holds only what its commands load:
 *
 * <ul>
 * <li>{@code run}: the orchestrator's side — {@code --help}, {@code check}, a {@code run} of two
 * processes (one exits, one runs on) and its answers to the client commands, which come from client
 * JVMs of their own so that the client's classes stay out of this cache.
 * <li>{@code client}: the client commands (issue 29) — {@code --version}, {@code ps} twice, {@code stop},
 * {@code start}, {@code restart}, {@code signal}, {@code wait}, {@code reload}, {@code shutdown} —
 * against an orchestrator that runs in a JVM of its own.
 * </ul>
 *
 * Only the launchers run it, in a temporary folder; every wait is bounded, and the launcher bounds the
 * whole run too.
 */
public final class AotTraining {
    private static final String CONFIG = """
            {"processes": {
              "worker": {"command": "sleep", "args": ["300"]},
              "once": {"command": "true", "restart": {"policy": "never"}}
            }}
            """;
    private static final long BOUND_SECONDS = 30;

    private AotTraining() {
    }

    /**
     * {@code args}: {@code run} or {@code client}, then a folder for the training config. Exits 0 when
     * every command did what it should.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2 || !List.of("run", "client").contains(args[0])) {
            System.err.println("usage: AotTraining run|client FOLDER");
            System.exit(ExitCodes.USAGE);
        }
        String config = Files.writeString(Path.of(args[1]).resolve("training.json"), CONFIG).toString();
        boolean ok = args[0].equals("run") ? trainRun(config) : trainClient(config);
        System.exit(ok ? ExitCodes.OK : ExitCodes.FAILURE);
    }

    /** The client calls, in order: each of them against the running training config. */
    private static List<List<String>> clientCalls(String config) {
        List<List<String>> calls = new ArrayList<>();
        for (List<String> call : List.of(List.of("ps"), List.of("ps"), List.of("stop", "worker"), List.of("start", "worker"),
                List.of("restart", "worker"), List.of("signal", "worker", "SIGCONT"),
                List.of("wait", "worker", "--timeout", "20"), List.of("reload"))) {
            List<String> args = new ArrayList<>(call);
            args.addAll(List.of("--config", config));
            calls.add(args);
        }
        return calls;
    }

    private static boolean trainRun(String config) throws IOException, InterruptedException {
        Main.execute("--help");
        Main.execute("check", "--config", config);
        NativeLauncher.prepareInBackground();
        int[] runCode = {-1};
        Thread run = Thread.ofPlatform().name("training-run").start(() -> runCode[0] = Main.execute("run", "--config", config));
        boolean ok = untilListening(() -> inChildJvm("ps", "--config", config), run);
        for (List<String> call : clientCalls(config)) {
            ok &= said(call, inChildJvm(call.toArray(String[]::new)));
        }
        ok &= said(List.of("shutdown"), inChildJvm("shutdown", "--config", config));
        run.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        return ok && runCode[0] == ExitCodes.OK;
    }

    private static boolean trainClient(String config) throws IOException, InterruptedException {
        Main.execute("--version");
        Process server = ChildProcesses.start(childJvm("run", "--config", config));
        Thread stopServer = new Thread(server::destroy);
        Runtime.getRuntime().addShutdownHook(stopServer); // also when the launcher's bound ends the training
        try {
            boolean ok = untilListening(() -> Main.execute("ps", "--config", config), null);
            for (List<String> call : clientCalls(config)) {
                ok &= said(call, Main.execute(call.toArray(String[]::new)));
            }
            ok &= said(List.of("shutdown"), Main.execute("shutdown", "--config", config));
            return server.waitFor(BOUND_SECONDS, TimeUnit.SECONDS) && server.exitValue() == ExitCodes.OK && ok;
        } finally {
            server.destroy();
        }
    }

    /** {@return whether {@code code} is OK}; says on stderr which call failed (the launcher keeps it quiet). */
    private static boolean said(List<String> call, int code) {
        if (code != ExitCodes.OK) {
            System.err.println("AotTraining: " + String.join(" ", call) + " exited " + code);
        }
        return code == ExitCodes.OK;
    }

    private interface Call {
        int exitCode() throws IOException, InterruptedException;
    }

    /** Calls {@code ps} until it succeeds (the run's socket listens), while {@code run} (if any) is alive. */
    private static boolean untilListening(Call ps, Thread run) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (System.nanoTime() < deadline && (run == null || run.isAlive())) {
            if (ps.exitCode() == ExitCodes.OK) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static int inChildJvm(String... args) throws IOException, InterruptedException {
        // Registered as the JDK's child: the training run is a subreaper whose orphan reaper would
        // otherwise take it for an orphan, reap it and stop it at shutdown.
        Process client = ChildProcesses.start(childJvm(args));
        if (!client.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            return ExitCodes.FAILURE;
        }
        return client.exitValue();
    }

    /** This JVM's java and class path running {@link Main} with {@code args}, its output discarded, no cache. */
    private static ProcessBuilder childJvm(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
    }
}

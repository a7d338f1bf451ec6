package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.spawn.NativeLauncher;

/**
 * The training run of the launcher's AOT cache (JEP 483/514): one JVM that goes through what users
 * start most, so that their classes come loaded and linked — {@code --version}, {@code --help},
 * {@code check}, a {@code run} of two processes (one exits, one runs on), {@code ps} against that run
 * (the client's side and the server's), and {@code shutdown}. Only the launcher runs it, in a
 * temporary folder of its own; every wait is bounded, and the launcher bounds the whole run too.
 */
public final class AotTraining {
    private static final String CONFIG = """
            {"processes": {
              "worker": {"command": "sleep", "args": ["300"]},
              "once": {"command": "true", "restart": {"policy": "never"}}
            }}
            """;

    private AotTraining() {
    }

    /** {@code args[0]}: a folder for the training config. Exits 0 when the run ended cleanly. */
    public static void main(String[] args) throws IOException, InterruptedException {
        String config = Files.writeString(Path.of(args[0]).resolve("training.json"), CONFIG).toString();
        Main.execute("--version");
        Main.execute("--help");
        Main.execute("check", "--config", config);
        NativeLauncher.prepareInBackground();
        int[] runCode = {-1};
        Thread run = Thread.ofPlatform().name("training-run").start(() -> runCode[0] = Main.execute("run", "--config", config));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // ps fails until the run's socket listens; twice once it does (a first call and a warm one).
        int listed = 0;
        while (listed < 2 && System.nanoTime() < deadline && run.isAlive()) {
            if (Main.execute("ps", "--config", config) == ExitCodes.OK) {
                listed++;
            } else {
                Thread.sleep(20);
            }
        }
        Main.execute("shutdown", "--config", config);
        run.join(TimeUnit.SECONDS.toMillis(20));
        System.exit(listed == 2 && runCode[0] == ExitCodes.OK ? ExitCodes.OK : ExitCodes.FAILURE);
    }
}

package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real pseudo-terminal for full-screen tests: a tmux server of the test's own (its own socket in
 * a temp folder, so it never meets a user's tmux), one window of a given size running a shell command; keys
 * are sent and the screen read as text. Closing it kills that server only.
 */
public final class Tmux implements AutoCloseable {
    private final Path dir;
    private final String server;

    private Tmux() {
        try {
            dir = Files.createTempDirectory("cpo-tmux-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server = dir.resolve("server").toString();
    }

    /** Starts {@code sh -c COMMAND} in a {@code columns}×{@code rows} terminal. */
    public static Tmux start(int columns, int rows, String command) {
        var tmux = new Tmux();
        tmux.run("new-session", "-d", "-s", "top", "-x", Integer.toString(columns), "-y", Integer.toString(rows), "sh", "-c", command);
        return tmux;
    }

    /** {@return the java command line that runs the orchestrator's CLI with {@code args}, quoted for sh} */
    public static String orchestrator(String... args) {
        var words = new ArrayList<>(List.of(Java.binary(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", Java.classpath(), "org.commonplace.orchestrator.cli.Main"));
        words.addAll(Arrays.asList(args));
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }

    /** Sends keys as {@code tmux send-keys} names them ({@code j}, {@code Enter}, {@code C-c}). */
    public void keys(String... keys) {
        var args = new ArrayList<>(List.of("send-keys", "-t", "top"));
        args.addAll(Arrays.asList(keys));
        run(args.toArray(String[]::new));
    }

    /** {@return the visible screen as text, one line per row} */
    public String screen() {
        return run("capture-pane", "-p", "-t", "top");
    }

    /** {@return whether the terminal shows its cursor (a full-screen program hides it, and must show it again when it ends)} */
    public boolean cursorVisible() {
        return run("display-message", "-p", "-t", "top", "#{cursor_flag}").strip().equals("1");
    }

    /** {@return the screen once {@code regex} is found on it (multi-line mode)}; fails with the screen after {@code timeout} */
    public String awaitScreen(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen;
        do {
            screen = screen();
            if (pattern.matcher(screen).find()) {
                return screen;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not on the screen within " + timeout + ": " + regex + "\n---\n" + screen + "---");
    }

    private String run(String... args) {
        var command = new ArrayList<>(List.of("tmux", "-S", server, "-f", "/dev/null"));
        command.addAll(Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("tmux is needed for the terminal tests (apt-get install tmux): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("tmux", "-S", server, "kill-server").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // no tmux, no server
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(Path.of(server));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // left in the temp folder
        }
    }
}

package org.commonplace.orchestrator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real mosquitto broker on a free loopback port, for as long as a test needs it. */
public final class Mosquitto implements AutoCloseable {
    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts mosquitto on a free port of 127.0.0.1 and waits until it accepts connections. */
    public static Mosquitto start(Path dir) throws IOException {
        return startOn(dir, freePort());
    }

    /** Starts mosquitto on 127.0.0.1:{@code port} and waits until it accepts connections. */
    public static Mosquitto startOn(Path dir, int port) throws IOException {
        return startWith(dir, port, "allow_anonymous true\n");
    }

    /**
     * Starts mosquitto on 127.0.0.1:{@code port} with {@code settings} (lines of mosquitto.conf, such
     * as a password_file and an acl_file) and waits until it accepts connections.
     */
    public static Mosquitto startWith(Path dir, int port, String settings) throws IOException {
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        // As root, mosquitto drops to user "mosquitto", who cannot read a test's private folder.
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(conf, "listener " + port + " 127.0.0.1\npersistence false\n" + user + settings);
        var process = new ProcessBuilder(binary(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile())
                .start();
        var broker = new Mosquitto(process, port);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .alias("mosquitto accepting on port " + port)
                .until(() -> accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited at start; see " + dir);
        }
        return broker;
    }

    /** {@return the mosquitto executable} */
    public static String binary() {
        for (String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("mosquitto is not installed: run bin/test, which installs it, or apt-get install mosquitto");
    }

    /** {@return a port nothing listens on right now} */
    public static int freePort() throws IOException {
        // Not port 0: that hands out a port of the kernel's ephemeral range (32768-60999 here), the
        // range every outgoing connection takes its local port from. A test that kills its broker
        // and starts it again on the same port could then find that port taken by some client's
        // connection meanwhile, or a client reconnecting to it could connect to itself (TCP's
        // simultaneous open) and see its own CONNECT echoed. Below that range only listeners live.
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(FIRST_PORT, LAST_PORT + 1);
            if (!handedOut.add(port)) {
                continue;
            }
            try (var socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // in use by another test's listener: try another
            }
        }
        throw new IOException("no free port between " + FIRST_PORT + " and " + LAST_PORT + " after 200 tries");
    }

    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_000;
    /** Ports this JVM has handed out (at most one per test that asks: a few hundred). */
    private static final java.util.Set<Integer> handedOut = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

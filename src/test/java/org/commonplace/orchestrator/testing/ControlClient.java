package org.commonplace.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The client commands run as a user runs them (a process of their own), and the raw socket as a script speaks it. */
public final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlClient() {
    }

    /** What a client command printed and its exit code. */
    public record Result(int code, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(out + err, e);
            }
        }
    }

    /** Runs {@code commonplace-orchestrator VERB --config CONFIG ARGS...} to its end. */
    public static Result run(Path config, String verb, String... args) {
        return run(Duration.ofSeconds(60), config, verb, args);
    }

    /** Runs it to its end, failing the test when it has not ended within {@code limit} (a command that never answers). */
    public static Result run(Duration limit, Path config, String verb, String... args) {
        var all = new ArrayList<>(List.of(verb, "--config", config.toString()));
        all.addAll(Arrays.asList(args));
        try (var client = OrchestratorRun.start(all.toArray(String[]::new))) {
            int code = client.awaitExit(limit);
            return new Result(code, client.stdout(), client.stderr());
        }
    }

    /** {@return the process object of {@code name} in {@code ps --json}} */
    public static JsonNode process(Path config, String name) {
        Result ps = run(config, "ps", "--json");
        if (ps.code() != 0) {
            throw new AssertionError("ps failed: " + ps);
        }
        for (JsonNode p : ps.json()) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " in " + ps.out());
    }

    /** A raw connection to the socket. */
    public static SocketChannel connect(Path socket) {
        try {
            var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} as it is. */
    public static void write(SocketChannel channel, String text) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the next line from the channel (without newline), or null at its end} */
    public static String readLine(SocketChannel channel) {
        var line = new java.io.ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            while (true) {
                one.clear();
                if (channel.read(one) < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (one.get(0) == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(one.get(0));
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@return process {@code name} as {@code ps} shows it, asked straight on the socket (a client JVM
     * per look costs seconds on a loaded machine)}; an AssertionError naming every process when it has none
     */
    public static JsonNode processOnSocket(Path socket, String name) {
        JsonNode all = ask(socket, "{\"v\":1,\"cmd\":\"ps\"}").path("processes");
        for (JsonNode p : all) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " in " + all);
    }

    /** {@return the one-line reply to {@code request}, parsed} */
    public static JsonNode ask(Path socket, String request) {
        try (SocketChannel channel = connect(socket)) {
            write(channel, request + "\n");
            return JSON.readTree(readLine(channel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

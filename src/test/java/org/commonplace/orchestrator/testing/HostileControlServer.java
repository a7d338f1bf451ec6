package org.commonplace.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A control socket answered by someone else than an orchestrator: it speaks the protocol of
 * docs/control.md (one JSON request line, JSON reply lines) but answers what the test's {@link
 * Script} chooses, byte for byte (escape sequences, over-long lines, endless streams). It counts
 * what it managed to write, so a test can see that a client stopped reading.
 */
public final class HostileControlServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to answer to one request. */
    @FunctionalInterface
    public interface Script {
        /** Writes the answer to {@code request} through {@code out}; the connection is closed after it returns. */
        void answer(JsonNode request, Out out) throws IOException;
    }

    /** The connection's writing end. */
    public final class Out {
        private final SocketChannel channel;

        private Out(SocketChannel channel) {
            this.channel = channel;
        }

        /** Writes {@code text} and a newline. */
        public void line(String text) throws IOException {
            write((text + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** Writes {@code bytes} as they are. */
        public void write(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                written.addAndGet(channel.write(buffer));
            }
        }
    }

    private final ServerSocketChannel server;
    private final Path path;
    private final Script script;
    private final AtomicLong written = new AtomicLong();

    private HostileControlServer(ServerSocketChannel server, Path path, Script script) {
        this.server = server;
        this.path = path;
        this.script = script;
        Thread.ofPlatform().daemon().name("hostile-control-server").start(this::serve);
    }

    /** Listens on {@code path} and answers every connection with {@code script}, one at a time. */
    public static HostileControlServer listen(Path path, Script script) {
        try {
            var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            return new HostileControlServer(server, path, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    /** {@return how many bytes reached the clients' sockets so far} */
    public long written() {
        return written.get();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                String request = ControlClient.readLine(client);
                if (request != null) {
                    script.answer(JSON.readTree(request), new Out(client));
                }
            } catch (IOException e) {
                // the client left (that is what a bounded reader does), or the test is over
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

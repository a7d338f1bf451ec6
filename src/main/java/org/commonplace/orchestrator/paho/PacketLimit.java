package org.commonplace.orchestrator.paho;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import javax.net.SocketFactory;

/**
 * The input of an MQTT connection, read packet by packet so that a packet larger than
 * {@link #MAX_PACKET_BYTES} never reaches Paho, which would allocate it whole (a 100 MB message on a
 * topic we follow made Paho's receiver die of OutOfMemoryError, silently: nothing was heard for two
 * minutes). MQTT 5 tells the broker this limit in CONNECT (Maximum Packet Size) and a broker then
 * never sends more; MQTT 3.1.1 cannot say it, so this stream enforces it on any broker.
 *
 * <p>Each fixed header (type byte and remaining length, at most 5 bytes) is read first. A packet
 * within the limit is handed on unchanged. An oversized QoS 0 PUBLISH is read and thrown away in
 * small pieces, and {@code skipped} hears its size (on the receiver's thread); nothing is owed to
 * the broker for it. Any other oversized packet (a QoS 1 PUBLISH needs an acknowledgement Paho
 * cannot give for a packet it never saw) ends the connection with an {@link IOException} saying
 * its size, before its body is read: the caller reconnects and says so.
 */
public final class PacketLimit extends FilterInputStream {
    /**
     * The largest packet we read: 1 MiB. What we read is small (states, commands, replies; a remote
     * state above 64 KiB already counts as unreadable), and the embedded broker takes no message
     * above 1 MiB either.
     */
    public static final int MAX_PACKET_BYTES = 1 << 20;
    private static final int PUBLISH = 3;

    private final long max;
    private final LongConsumer skipped;
    private final byte[] header = new byte[5];
    private int headerLength;
    private int headerHandedOut;
    private long bodyLeft;

    /** @param skipped hears the size of each oversized QoS 0 message thrown away unread */
    public PacketLimit(InputStream in, long maxPacketBytes, LongConsumer skipped) {
        super(in);
        this.max = maxPacketBytes;
        this.skipped = skipped;
    }

    /**
     * {@return plain sockets whose input is read within {@link #MAX_PACKET_BYTES}; {@code skipped}
     * hears the size of each oversized QoS 0 message skipped}: for a client that needs no more
     * (PahoThreads adds its gate)
     */
    public static SocketFactory sockets(LongConsumer skipped) {
        return sockets(UnaryOperator.identity(), skipped);
    }

    /**
     * As {@link #sockets(LongConsumer)}, with the socket's raw input passed through {@code before}
     * (once per socket) ahead of the limit: the one socket factory of the probe's MQTT clients.
     */
    static SocketFactory sockets(UnaryOperator<InputStream> before, LongConsumer skipped) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new LimitedSocket(before, skipped);
            }

            // Paho 1.2.5 calls only createSocket() and then connect(); the others are for completeness.
            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return createSocket(host, port);
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort) throws IOException {
                return createSocket(host, port);
            }

            private Socket connect(InetSocketAddress address) throws IOException {
                Socket socket = createSocket();
                socket.connect(address);
                return socket;
            }
        };
    }

    private static final class LimitedSocket extends Socket {
        private final UnaryOperator<InputStream> before;
        private final LongConsumer skipped;
        private InputStream input;

        LimitedSocket(UnaryOperator<InputStream> before, LongConsumer skipped) {
            this.before = before;
            this.skipped = skipped;
        }

        /** One stream for the socket's life: the packet framing it follows must not start over. */
        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new PacketLimit(before.apply(super.getInputStream()), MAX_PACKET_BYTES, skipped);
            }
            return input;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (headerHandedOut < headerLength) {
                int n = Math.min(length, headerLength - headerHandedOut);
                System.arraycopy(header, headerHandedOut, buffer, offset, n);
                headerHandedOut += n;
                return n;
            }
            if (bodyLeft > 0) {
                int n = in.read(buffer, offset, (int) Math.min(length, bodyLeft));
                if (n > 0) {
                    bodyLeft -= n;
                }
                return n;
            }
            if (!nextHeader()) {
                return -1;
            }
        }
    }

    @Override
    public int available() throws IOException {
        int held = headerLength - headerHandedOut;
        return held > 0 ? held : (int) Math.min(bodyLeft, in.available());
    }

    @Override
    public long skip(long n) throws IOException {
        // Paho never skips; skipping through the framing would need the same care as reading.
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads one fixed header; {@return false at the end of the stream between packets} */
    private boolean nextHeader() throws IOException {
        headerLength = 0;
        headerHandedOut = 0;
        int first = in.read();
        if (first < 0) {
            return false;
        }
        header[headerLength++] = (byte) first;
        long remaining = 0;
        for (int shift = 0; ; shift += 7) {
            int digit = in.read();
            if (digit < 0) {
                throw new EOFException("the broker closed the connection inside a packet header");
            }
            header[headerLength++] = (byte) digit;
            remaining |= (long) (digit & 0x7f) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
            if (headerLength == header.length) {
                throw new IOException("the broker sent a malformed packet length");
            }
        }
        long total = headerLength + remaining;
        if (total <= max) {
            bodyLeft = remaining;
            return true;
        }
        boolean publishQos0 = (first >> 4) == PUBLISH && ((first >> 1) & 3) == 0;
        if (!publishQos0) {
            throw new IOException("the broker sent a packet of " + total + " bytes, over our limit of " + max);
        }
        discard(remaining);
        headerLength = 0;
        skipped.accept(total);
        return true;
    }

    private void discard(long bytes) throws IOException {
        byte[] scratch = new byte[(int) Math.min(bytes, 16 * 1024)];
        for (long left = bytes; left > 0; ) {
            int n = in.read(scratch, 0, (int) Math.min(left, scratch.length));
            if (n < 0) {
                throw new EOFException("the broker closed the connection inside a packet");
            }
            left -= n;
        }
    }
}

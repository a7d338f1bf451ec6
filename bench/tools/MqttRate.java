import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figure L's throughput half: messages per second through a broker, counted where they arrive.
 * {@code java bench/tools/MqttRate.java PORT QOS SECONDS PAYLOAD_BYTES}: one subscriber on
 * {@code bench/rate} at QOS, one publisher sending as fast as the broker lets it for SECONDS (QoS 0:
 * as fast as TCP takes them; QoS 1: at most {@link #WINDOW} unacknowledged). Plain MQTT 3.1.1 over
 * sockets, no client library, so the figure is the broker's, not a client's. Prints one line:
 * {@code sent=N delivered=M seconds=S rate=M/S}, where S runs from the first publish to the last
 * delivery (the subscriber stops counting after 2 s without a message).
 */
public final class MqttRate {
    static final int WINDOW = 64;
    static final String TOPIC = "bench/rate";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int qos = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        byte[] payload = new byte[Integer.parseInt(args[3])];
        var delivered = new AtomicLong();
        var lastDelivery = new AtomicLong();

        Socket sub = connect(port, "rate-sub-" + ProcessHandle.current().pid());
        var subOut = new BufferedOutputStream(sub.getOutputStream(), 65536);
        var subIn = new DataInputStream(new BufferedInputStream(sub.getInputStream(), 65536));
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(0);
        s.write(1);
        string(s, TOPIC);
        s.write(qos);
        packet(subOut, 0x82, s.toByteArray());
        subOut.flush();
        if ((read(subIn)[0][0] & 0xF0) != 0x90) {
            throw new IOException("no SUBACK");
        }
        sub.setSoTimeout(2000);
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                while (true) {
                    byte[][] p = read(subIn);
                    if ((p[0][0] & 0xF0) == 0x30) {
                        delivered.incrementAndGet();
                        lastDelivery.set(System.nanoTime());
                        int q = (p[0][0] >> 1) & 3;
                        if (q > 0) {
                            int topicLength = ((p[1][0] & 0xFF) << 8) | (p[1][1] & 0xFF);
                            packet(subOut, 0x40, new byte[] {p[1][2 + topicLength], p[1][3 + topicLength]});
                            if (subIn.available() == 0) {
                                subOut.flush();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // 2 s without a message (or the broker closed): counting ends
            }
        });

        Socket pub = connect(port, "rate-pub-" + ProcessHandle.current().pid());
        var pubOut = new BufferedOutputStream(pub.getOutputStream(), 65536);
        var pubIn = new DataInputStream(new BufferedInputStream(pub.getInputStream(), 65536));
        var window = new Semaphore(WINDOW);
        if (qos > 0) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        if ((read(pubIn)[0][0] & 0xF0) == 0x40) {
                            window.release();
                        }
                    }
                } catch (IOException e) {
                    // closed at the end
                }
            });
        }
        long sent = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        int id = 0;
        while (System.nanoTime() < end) {
            var m = new ByteArrayOutputStream(payload.length + 32);
            string(m, TOPIC);
            if (qos > 0) {
                if (!window.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    pubOut.flush();
                    continue;
                }
                id = id % 65535 + 1;
                m.write(id >> 8);
                m.write(id);
            }
            m.write(payload);
            packet(pubOut, 0x30 | qos << 1, m.toByteArray());
            sent++;
            if (qos > 0 && window.availablePermits() == 0) {
                pubOut.flush();
            }
        }
        pubOut.flush();
        reader.join();
        double took = (Math.max(lastDelivery.get(), start) - start) / 1e9;
        System.out.printf("sent=%d delivered=%d seconds=%.2f rate=%.0f%n", sent, delivered.get(), took,
                took > 0 ? delivered.get() / took : 0.0);
        pub.close();
        sub.close();
    }

    private static Socket connect(int port, String id) throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        var body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);
        body.write(0x02);
        body.write(0);
        body.write(60);
        string(body, id);
        OutputStream out = socket.getOutputStream();
        packet(out, 0x10, body.toByteArray());
        out.flush();
        byte[][] ack = read(new DataInputStream(socket.getInputStream()));
        if ((ack[0][0] & 0xF0) != 0x20 || ack[1][1] != 0) {
            throw new IOException("CONNECT refused");
        }
        return socket;
    }

    private static void packet(OutputStream out, int type, byte[] body) throws IOException {
        out.write(type);
        int n = body.length;
        do {
            int b = n % 128;
            n /= 128;
            out.write(n > 0 ? b | 0x80 : b);
        } while (n > 0);
        out.write(body);
    }

    /** {@return the fixed header's first byte, and the body} */
    private static byte[][] read(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new byte[][] {{(byte) type}, body};
    }

    private static void string(ByteArrayOutputStream into, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        into.write(b.length >> 8);
        into.write(b.length);
        into.writeBytes(b);
    }
}

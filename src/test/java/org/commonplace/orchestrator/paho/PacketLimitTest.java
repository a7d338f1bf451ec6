package org.commonplace.orchestrator.paho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.commonplace.orchestrator.testing.BigPublish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packet limit on what a broker sends: small packets pass unchanged however they are read; an
 * oversized QoS 0 message is skipped without being held (a 100 MB one costs 16 KiB); any other
 * oversized packet ends the connection before its body is read.
 */
@Timeout(20)
final class PacketLimitTest {
    private static final int LIMIT = 1024;

    @Test
    void packetsWithinTheLimitPassUnchangedWhetherReadByteByByteOrInChunks() throws IOException {
        byte[] stream = concat(publish(0, "a/b", 10), new byte[] {(byte) 0xd0, 0}, publish(1, "c", LIMIT - 10));
        assertThat(readAll(new PacketLimit(new ByteArrayInputStream(stream), LIMIT, b -> { }), 1)).isEqualTo(stream);
        assertThat(readAll(new PacketLimit(new ByteArrayInputStream(stream), LIMIT, b -> { }), 7)).isEqualTo(stream);
        assertThat(readAll(new PacketLimit(new ByteArrayInputStream(stream), LIMIT, b -> { }), 8192)).isEqualTo(stream);
    }

    @Test
    void anOversizedQos0MessageIsSkippedUnheldAndTheNextOnePasses() throws IOException {
        long huge = 100L * 1024 * 1024;
        byte[] header = concat(new byte[] {0x31}, BigPublish.length(2 + 3 + huge), new byte[] {0, 3, 'b', 'i', 'g'});
        byte[] after = publish(0, "a/b", 10);
        var source = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(header), new Zeros(huge), new ByteArrayInputStream(after))));
        var skipped = new ArrayList<Long>();
        var limited = new DataInputStream(new PacketLimit(source, LIMIT, skipped::add));
        byte[] seen = new byte[after.length];
        limited.readFully(seen);
        assertThat(seen).isEqualTo(after);
        assertThat(skipped).containsExactly(header.length + huge);
        assertThat(limited.read()).isEqualTo(-1);
    }

    @Test
    void anOversizedQos1MessageEndsTheConnectionBeforeItsBodyIsRead() {
        byte[] header = concat(new byte[] {0x32}, BigPublish.length(100_000_000));
        var source = new SequenceInputStream(new ByteArrayInputStream(header), new Zeros(100_000_000));
        var limited = new DataInputStream(new PacketLimit(source, LIMIT, b -> { }));
        assertThatThrownBy(limited::readByte).isInstanceOf(IOException.class)
                .hasMessage("the broker sent a packet of 100000005 bytes, over our limit of 1024");
    }

    private static byte[] publish(int qos, String topic, int payload) {
        var body = new ByteArrayOutputStream();
        body.write(0);
        body.write(topic.length());
        body.writeBytes(topic.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (qos > 0) {
            body.writeBytes(new byte[] {0, 1});
        }
        body.writeBytes(new byte[payload]);
        return concat(new byte[] {(byte) (0x30 | qos << 1)}, BigPublish.length(body.size()), body.toByteArray());
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        for (int n; (n = chunk == 1 ? single(in, buffer) : in.read(buffer, 0, chunk)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static int single(InputStream in, byte[] buffer) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        buffer[0] = (byte) b;
        return 1;
    }

    /** {@code size} zero bytes, made up as they are read. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}

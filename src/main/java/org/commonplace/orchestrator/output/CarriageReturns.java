package org.commonplace.orchestrator.output;

import org.commonplace.orchestrator.spawn.OutputReceiver;

/**
 * On a terminal, a carriage return inside a child's line moves the cursor back over the line's
 * {@code [name] } prefix, and what follows overwrites it: a progress bar would hide whose it is, and
 * a child could pass its text off as another's or as ours. So, before the line splitter, each
 * {@code \r} that does not end a line ({@code \r\n}) is followed by the prefix again. Every other byte
 * passes unchanged (escape sequences included, as docker compose does); off a terminal this filter is
 * not used at all and the bytes pass exactly as written.
 */
final class CarriageReturns implements OutputReceiver {
    private final byte[] prefix;
    private final OutputReceiver next;
    private byte[] buffer = new byte[8192];
    /** A \r was the last byte of the previous chunk: whether it ends a line depends on the next byte. */
    private boolean pendingReturn;

    CarriageReturns(byte[] prefix, OutputReceiver next) {
        this.prefix = prefix.clone();
        this.next = next;
    }

    @Override
    public void feed(byte[] bytes, int off, int len) {
        int n = 0;
        ensure(len * 2 + prefix.length + 1);
        if (pendingReturn && len > 0) {
            pendingReturn = false;
            buffer[n++] = '\r';
            if (bytes[off] != '\n') {
                n = appendPrefix(n);
            }
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = bytes[i];
            if (b != '\r') {
                ensure(n + 1 + (end - i) + prefix.length);
                buffer[n++] = b;
                continue;
            }
            if (i + 1 == end) {
                pendingReturn = true;
                break;
            }
            ensure(n + 1 + prefix.length + (end - i));
            buffer[n++] = '\r';
            if (bytes[i + 1] != '\n') {
                n = appendPrefix(n);
            }
        }
        if (n > 0) {
            next.feed(buffer, 0, n);
        }
    }

    private int appendPrefix(int n) {
        ensure(n + prefix.length);
        System.arraycopy(prefix, 0, buffer, n, prefix.length);
        return n + prefix.length;
    }

    private void ensure(int size) {
        if (buffer.length < size) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(size, buffer.length * 2));
        }
    }

    @Override
    public void finish() {
        if (pendingReturn) {
            pendingReturn = false;
            next.feed(new byte[] {'\r'}, 0, 1);
        }
        next.finish();
    }
}

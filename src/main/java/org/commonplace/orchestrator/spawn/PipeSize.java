package org.commonplace.orchestrator.spawn;

/**
 * The room of a pipe we write to: our own stdout, when it is one. A pipe holds 64 KiB unless asked
 * for more; while a flood goes to a reader that takes big reads (cat, a log shipper, the bench's
 * harness), each 64 KiB meant a wake-up of the reader and of our writer: with 1 MiB the reader of
 * ten floods used about a quarter less CPU (0.17 -> 0.13 s for 78 MB). Only grown, never shrunk,
 * and only when asked for (when a reader fell behind); a terminal, a socket (journald) or a file is
 * left as it is.
 */
public final class PipeSize {
    /** What a pipe is grown to: the largest an unprivileged user may ask for by default (/proc/sys/fs/pipe-max-size). */
    public static final int WIDE = 1 << 20;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;

    private PipeSize() {
    }

    /** {@return the room of the pipe at {@code fd}, or -1 when it is no pipe} */
    public static int of(int fd) {
        try {
            return (int) Native.FCNTL.invokeExact(fd, F_GETPIPE_SZ, 0);
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * Grows the pipe at {@code fd} to at least {@code bytes}, never shrinking it.
     *
     * @return whether it holds that much now: false when {@code fd} is no pipe, or when the kernel
     *         refuses (a user whose pipes already hold their share of pages), which is no error
     */
    public static boolean widen(int fd, int bytes) {
        int now = of(fd);
        if (now < 0) {
            return false;
        }
        if (now >= bytes) {
            return true;
        }
        try {
            return (int) Native.FCNTL.invokeExact(fd, F_SETPIPE_SZ, bytes) >= bytes;
        } catch (Throwable t) {
            return false;
        }
    }
}

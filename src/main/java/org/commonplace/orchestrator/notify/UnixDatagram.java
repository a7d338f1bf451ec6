package org.commonplace.orchestrator.notify;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A Unix domain datagram socket, through the FFM API: the JDK's {@code DatagramChannel} does not
 * support the UNIX family (Java 25 throws "Protocol family not supported"), and systemd's notify
 * protocol is one datagram per message. An address that starts with {@code @} names an abstract
 * socket (a NUL byte, then the rest, no terminator), as {@code NOTIFY_SOCKET} does; any other is a
 * path. Sending never blocks: a full receiver queue drops the datagram ({@code MSG_DONTWAIT}).
 *
 * <p>Not thread-safe; one owner. {@link #bind} and {@link #poll} are the receiving end, for tests
 * that stand in for systemd. Struct layout and constants are glibc's on Linux.
 */
public final class UnixDatagram implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int EAGAIN = 11;
    /** struct sockaddr_un: sa_family_t (2 bytes), then sun_path[108]. */
    private static final int SUN_PATH_SIZE = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final ValueLayout INT = ValueLayout.JAVA_INT;
    private static final ValueLayout LONG = ValueLayout.JAVA_LONG;
    private static final MethodHandle SOCKET = errno("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle BIND = errno("bind", FunctionDescriptor.of(INT, INT, ADDR, INT));
    private static final MethodHandle SENDTO = errno("sendto", FunctionDescriptor.of(LONG, INT, ADDR, LONG, INT, ADDR, INT));
    private static final MethodHandle RECV = errno("recv", FunctionDescriptor.of(LONG, INT, ADDR, LONG, INT));
    private static final MethodHandle CLOSE = errno("close", FunctionDescriptor.of(INT, INT));

    private final int fd;
    private boolean closed;

    private UnixDatagram(int fd) {
        this.fd = fd;
    }

    /** {@return an unbound socket to send from} @throws IllegalStateException when the kernel refuses one */
    public static UnixDatagram open() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) SOCKET.invokeExact(capture, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IllegalStateException("socket(AF_UNIX, SOCK_DGRAM): errno " + errno(capture));
            }
            return new UnixDatagram(fd);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@return a socket bound to {@code address} (a path, or {@code @name} for an abstract one)} */
    public static UnixDatagram bind(String address) {
        UnixDatagram socket = open();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            MemorySegment sockaddr = arena.allocate(2 + SUN_PATH_SIZE);
            int length = fill(sockaddr, address);
            int rc = (int) BIND.invokeExact(capture, socket.fd, sockaddr, length);
            if (rc != 0) {
                socket.close();
                throw new IllegalStateException("bind(" + address + "): errno " + errno(capture));
            }
            return socket;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Sends {@code message} (UTF-8) to {@code address} as one datagram.
     *
     * @return empty when sent, else why not (errno, or a queue that was full)
     */
    public Optional<String> send(String address, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            MemorySegment sockaddr = arena.allocate(2 + SUN_PATH_SIZE);
            int length = fill(sockaddr, address);
            MemorySegment buffer = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long sent = (long) SENDTO.invokeExact(capture, fd, buffer, (long) bytes.length,
                    MSG_DONTWAIT | MSG_NOSIGNAL, sockaddr, length);
            if (sent < 0) {
                int errno = errno(capture);
                return Optional.of(errno == EAGAIN ? "the receiver's queue is full" : "errno " + errno);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        } catch (Throwable t) {
            return Optional.of(t.toString());
        }
    }

    /** {@return the next datagram waiting on a bound socket, or empty when none is (never blocks)} */
    public Optional<String> poll() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            MemorySegment buffer = arena.allocate(65536);
            long n = (long) RECV.invokeExact(capture, fd, buffer, buffer.byteSize(), MSG_DONTWAIT);
            if (n < 0) {
                return Optional.empty();
            }
            return Optional.of(new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            int unused = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes {@code address} as a sockaddr_un; {@return its length for bind/sendto} */
    private static int fill(MemorySegment sockaddr, String address) {
        boolean abstractName = address.startsWith("@");
        byte[] name = (abstractName ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        // An abstract name has a leading NUL and no terminator; a path has a terminator.
        if (address.length() <= (abstractName ? 1 : 0) || name.length + 1 > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("not a Unix socket address (empty, or over " + (SUN_PATH_SIZE - 1)
                    + " bytes): " + address);
        }
        sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        long offset = abstractName ? 3 : 2;
        MemorySegment.copy(name, 0, sockaddr, ValueLayout.JAVA_BYTE, offset, name.length);
        return 2 + 1 + name.length;
    }

    private static MethodHandle errno(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor,
                Linker.Option.captureCallState("errno"));
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }
}

package org.commonplace.orchestrator.spawn;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The Linux calls the JDK lacks, through the FFM API, in one place: posix_spawn with its file actions
 * and attributes, pipes, epoll and pidfd for the native launcher and its I/O loop; kill(2) of a
 * process group; prctl(2) to become a child subreaper; waitid(2) to notice any child's exit without
 * reaping it and waitpid(2) to reap an orphan. The handles are thin: each returns what the C call
 * returns, and those that fail with -1 leave errno in the capture segment ({@link #errno}). A few
 * wrappers below ({@link #kill}, {@link #becomeChildSubreaper}, ...) return a {@link Result} instead.
 * Struct sizes and constants are glibc's on 64-bit Linux (checked against the headers).
 */
final class Native {
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_SETFL = 4;
    static final int F_GETFL = 3;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int P_ALL = 0;
    private static final int WNOHANG = 1;
    static final int WNOWAIT = 0x01000000;
    /** siginfo_t is 128 bytes; for SIGCHLD, si_pid sits at offset 16 on 64-bit Linux. */
    private static final long SIGINFO_SIZE = 128;
    private static final long SI_PID_OFFSET = 16;
    static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    static final int POSIX_SPAWN_SETSID = 0x80;
    static final long FILE_ACTIONS_SIZE = 80;
    static final long SPAWNATTR_SIZE = 336;
    static final long SIGSET_SIZE = 128;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLLIN = 0x001;
    /** struct epoll_event is packed on x86_64: uint32 events, then uint64 data, 12 bytes. */
    static final long EPOLL_EVENT_SIZE = 12;
    static final int P_PIDFD = 3;
    static final int WEXITED = 4;
    static final int CLD_EXITED = 1;
    /** si_code of a child killed by a signal; {@link #CLD_DUMPED}: killed, and it dumped core. */
    static final int CLD_KILLED = 2;
    static final int CLD_DUMPED = 3;
    static final long SYS_PIDFD_OPEN = 434;
    static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final int SC_CLK_TCK = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final ValueLayout INT = ValueLayout.JAVA_INT;
    private static final ValueLayout LONG = ValueLayout.JAVA_LONG;

    static final MethodHandle POSIX_SPAWN = plain("posix_spawn", FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, ADDR, ADDR, ADDR));
    static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, ADDR));
    static final MethodHandle FA_DESTROY = plain("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, ADDR));
    static final MethodHandle FA_ADDOPEN = plain("posix_spawn_file_actions_addopen", FunctionDescriptor.of(INT, ADDR, INT, ADDR, INT, INT));
    static final MethodHandle FA_ADDDUP2 = plain("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, ADDR, INT, INT));
    /** glibc 2.34+: closes every fd from 3 up in the child, so no descriptor of the JVM leaks into it. */
    static final MethodHandle FA_ADDCLOSEFROM = optional("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(INT, ADDR, INT));
    /** glibc 2.29+. */
    static final MethodHandle FA_ADDCHDIR = optional("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(INT, ADDR, ADDR));
    static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", FunctionDescriptor.of(INT, ADDR));
    static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", FunctionDescriptor.of(INT, ADDR));
    static final MethodHandle ATTR_SETFLAGS = plain("posix_spawnattr_setflags", FunctionDescriptor.of(INT, ADDR, ValueLayout.JAVA_SHORT));
    static final MethodHandle ATTR_SETSIGMASK = plain("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, ADDR, ADDR));
    static final MethodHandle ATTR_SETSIGDEFAULT = plain("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, ADDR, ADDR));
    static final MethodHandle SIGEMPTYSET = plain("sigemptyset", FunctionDescriptor.of(INT, ADDR));
    static final MethodHandle SIGFILLSET = plain("sigfillset", FunctionDescriptor.of(INT, ADDR));
    static final MethodHandle PIPE2 = errno("pipe2", FunctionDescriptor.of(INT, ADDR, INT));
    static final MethodHandle CLOSE = plain("close", FunctionDescriptor.of(INT, INT));
    static final MethodHandle READ = errno("read", FunctionDescriptor.of(LONG, INT, ADDR, LONG));
    static final MethodHandle WRITE = plain("write", FunctionDescriptor.of(LONG, INT, ADDR, LONG));
    static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().find("fcntl").orElseThrow(),
            FunctionDescriptor.of(INT, INT, INT, INT), Linker.Option.firstVariadicArg(2));
    static final MethodHandle EPOLL_CREATE1 = errno("epoll_create1", FunctionDescriptor.of(INT, INT));
    static final MethodHandle EPOLL_CTL = errno("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, ADDR));
    static final MethodHandle EPOLL_WAIT = errno("epoll_wait", FunctionDescriptor.of(INT, INT, ADDR, INT, INT));
    static final MethodHandle PIDFD_OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(LONG, LONG, INT, INT), Linker.Option.firstVariadicArg(1),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle PIDFD_SEND_SIGNAL = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(LONG, LONG, INT, INT, ADDR, INT), Linker.Option.firstVariadicArg(1),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle SYSCONF = plain("sysconf", FunctionDescriptor.of(LONG, INT));
    static final MethodHandle WAITID = errno("waitid", FunctionDescriptor.of(INT, INT, INT, ADDR, INT));
    private static final MethodHandle KILL = errno("kill", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle PRCTL = errno("prctl", FunctionDescriptor.of(INT, INT, LONG, LONG, LONG, LONG));
    private static final MethodHandle WAITPID = errno("waitpid", FunctionDescriptor.of(INT, INT, ADDR, INT));

    private Native() {
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    /** A function newer libcs have; null where this one lacks it (then the native launcher is not used). */
    private static MethodHandle optional(String name, FunctionDescriptor descriptor) {
        return LINKER.defaultLookup().find(name).map(f -> LINKER.downcallHandle(f, descriptor)).orElse(null);
    }

    private static MethodHandle errno(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor,
                Linker.Option.captureCallState("errno"));
    }

    /** {@return a segment to capture errno into, for the calls made with "errno"} */
    static MemorySegment captureSegment(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** {@return whether this kernel and libc have what the native launcher needs (pidfd, addchdir_np, closefrom_np)} */
    static boolean available() {
        if (FA_ADDCHDIR == null || FA_ADDCLOSEFROM == null) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = captureSegment(arena);
            long fd = (long) PIDFD_OPEN.invokeExact(capture, SYS_PIDFD_OPEN, (int) ProcessHandle.current().pid(), 0);
            if (fd < 0) {
                return false;
            }
            int ignored = (int) CLOSE.invokeExact((int) fd);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The result of a call: its return value and, when that is -1, errno. */
    record Result(int value, int errno) {
        boolean ok() {
            return value != -1;
        }
    }

    static Result kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = captureSegment(arena);
            int value = (int) KILL.invokeExact(capture, pid, signal);
            return new Result(value, errno(capture));
        } catch (Throwable t) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ")", t);
        }
    }

    /** {@return a pidfd for {@code pid} (close-on-exec), or -1 with errno when there is no such process} */
    static Result pidfdOpen(long pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = captureSegment(arena);
            long fd = (long) PIDFD_OPEN.invokeExact(capture, SYS_PIDFD_OPEN, (int) pid, 0);
            return new Result((int) fd, fd < 0 ? errno(capture) : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("pidfd_open(" + pid + ")", t);
        }
    }

    /** Signals the process a pidfd refers to: never another one that got its pid since. */
    static Result pidfdSendSignal(int pidfd, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = captureSegment(arena);
            long value = (long) PIDFD_SEND_SIGNAL.invokeExact(capture, SYS_PIDFD_SEND_SIGNAL, pidfd, signal, MemorySegment.NULL, 0);
            return new Result((int) value, value < 0 ? errno(capture) : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("pidfd_send_signal", t);
        }
    }

    /** {@return a new pipe, {read end, write end}, made with pipe2(2) and {@code flags}} */
    static int[] pipe(Arena a, MemorySegment capture, int flags) throws Throwable {
        MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
        if ((int) PIPE2.invokeExact(capture, fds, flags) != 0) {
            throw new IllegalStateException("pipe2 failed: errno " + errno(capture));
        }
        return new int[] {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // nothing to do
        }
    }

    /** {@return clock ticks per second, the unit of start times in /proc/PID/stat} */
    static long clockTicksPerSecond() {
        try {
            long ticks = (long) SYSCONF.invokeExact(SC_CLK_TCK);
            return ticks > 0 ? ticks : 100;
        } catch (Throwable t) {
            return 100;
        }
    }

    /** Makes this process the subreaper of its descendants: orphans are reparented to it, not to init. */
    static Result becomeChildSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = captureSegment(arena);
            int value = (int) PRCTL.invokeExact(capture, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            return new Result(value, errno(capture));
        } catch (Throwable t) {
            throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER)", t);
        }
    }

    private static final int WSTOPPED = 2;
    private static final int WCONTINUED = 8;
    private static final int P_PID = 1;
    static final int CLD_STOPPED = 5;
    static final int CLD_CONTINUED = 6;

    /** What waitid said of one child: its pid, si_code (CLD_EXITED, CLD_STOPPED, ...) and si_status. */
    record ChildEvent(int pid, int code, int status) {
        boolean exited() {
            return code != CLD_STOPPED && code != CLD_CONTINUED && code != 4; // 4: CLD_TRAPPED
        }
    }

    /**
     * Blocks until some child has exited, been stopped or continued. An exit is left pending
     * (WNOWAIT: the zombie stays for whoever reaps it); a stop or continue is consumed, so it is
     * reported once. Returns null with {@code errno[0]} set when waitid fails (ECHILD: no child).
     */
    static ChildEvent awaitAnyChildEvent(int[] errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = captureSegment(arena);
            MemorySegment info = arena.allocate(SIGINFO_SIZE, 8);
            int value = (int) WAITID.invokeExact(capture, P_ALL, 0, info, WEXITED | WSTOPPED | WCONTINUED | WNOWAIT);
            if (value == -1) {
                errno[0] = errno(capture);
                return null;
            }
            var event = new ChildEvent(info.get(ValueLayout.JAVA_INT, SI_PID_OFFSET), info.get(ValueLayout.JAVA_INT, 8),
                    info.get(ValueLayout.JAVA_INT, 24));
            if (!event.exited()) {
                // Consume this stop or continue (never an exit: WEXITED is not asked for), or waitid
                // would report it again at once.
                int ignored = (int) WAITID.invokeExact(capture, P_PID, event.pid(), info, WSTOPPED | WCONTINUED | WNOHANG);
            }
            return event;
        } catch (Throwable t) {
            throw new IllegalStateException("waitid(P_ALL)", t);
        }
    }

    /** Reaps the child {@code pid} if it has exited; returns its pid then, 0 if it runs on, -1 on error. */
    static Result reap(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = captureSegment(arena);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            int value = (int) WAITPID.invokeExact(capture, pid, status, WNOHANG);
            return new Result(value, value == -1 ? errno(capture) : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("waitpid(" + pid + ")", t);
        }
    }
}

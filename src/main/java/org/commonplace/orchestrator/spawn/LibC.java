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
 * The few Linux system calls the JDK lacks, through the FFM API: kill(2) of a process group,
 * prctl(2) to become a child subreaper, waitid(2) to notice any child's exit without reaping it,
 * and waitpid(2) to reap a child the JDK did not start. Each returns -1 on failure and keeps errno.
 */
final class LibC {
    static final int ECHILD = 10;
    static final int EINTR = 4;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int P_ALL = 0;
    private static final int WNOHANG = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    /** siginfo_t is 128 bytes; for SIGCHLD, si_pid sits at offset 16 on 64-bit Linux. */
    private static final long SIGINFO_SIZE = 128;
    private static final long SI_PID_OFFSET = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle KILL = function("kill", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle PRCTL = function("prctl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle WAITID = function("waitid", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle WAITPID = function("waitpid", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private LibC() {
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor,
                Linker.Option.captureCallState("errno"));
    }

    /** The result of a call: its return value and, when that is -1, errno. */
    record Result(int value, int errno) {
        boolean ok() {
            return value != -1;
        }
    }

    static Result kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int value = (int) KILL.invokeExact(state, pid, signal);
            return new Result(value, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ")", t);
        }
    }

    /** Makes this process the subreaper of its descendants: orphans are reparented to it, not to init. */
    static Result becomeChildSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int value = (int) PRCTL.invokeExact(state, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            return new Result(value, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER)", t);
        }
    }

    /**
     * Blocks until some child has exited and returns its pid, leaving it a zombie (WNOWAIT) for whoever
     * reaps it. Returns -1 with errno ECHILD when there is no child at all.
     */
    static Result awaitAnyExitWithoutReaping() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment info = arena.allocate(SIGINFO_SIZE, 8);
            int value = (int) WAITID.invokeExact(state, P_ALL, 0, info, WEXITED | WNOWAIT);
            if (value == -1) {
                return new Result(-1, (int) ERRNO.get(state, 0L));
            }
            return new Result(info.get(ValueLayout.JAVA_INT, SI_PID_OFFSET), 0);
        } catch (Throwable t) {
            throw new IllegalStateException("waitid(P_ALL)", t);
        }
    }

    /** Reaps the child {@code pid} if it has exited; returns its pid then, 0 if it runs on, -1 on error. */
    static Result reap(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            int value = (int) WAITPID.invokeExact(state, pid, status, WNOHANG);
            return new Result(value, value == -1 ? (int) ERRNO.get(state, 0L) : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("waitpid(" + pid + ")", t);
        }
    }
}

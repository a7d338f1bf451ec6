package org.commonplace.orchestrator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Freezes one thread of another process, and only that thread, with ptrace (PTRACE_SEIZE, then
 * PTRACE_INTERRUPT): a loop that is stuck, made without any hook in the product. The thread is
 * frozen only while it waits in a system call (in epoll_wait, for the I/O loop): a Java thread
 * frozen while it runs Java code would hold up the JVM's next safepoint, and with it every thread.
 *
 * <p>ptrace ties a tracee to the thread that traced it: {@link #close} (which thaws it, with
 * PTRACE_DETACH) must run on the thread that called {@link #freeze}. Should the test JVM die first,
 * the kernel thaws it.
 */
public final class ThreadFreezer implements AutoCloseable {
    private static final long SYS_PTRACE = 101;
    private static final long PTRACE_DETACH = 17;
    private static final long PTRACE_SEIZE = 0x4206;
    private static final long PTRACE_INTERRUPT = 0x4207;
    private static final MethodHandle SYSCALL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private final long pid;
    private final long tid;

    private ThreadFreezer(long pid, long tid) {
        this.pid = pid;
        this.tid = tid;
    }

    /** Freezes the thread of {@code pid} named {@code threadName} (its comm) once it waits in a system call. */
    public static ThreadFreezer freeze(long pid, String threadName) {
        long tid = threadId(pid, threadName);
        for (int attempt = 0; attempt < 100; attempt++) {
            ptrace(PTRACE_SEIZE, tid);
            ptrace(PTRACE_INTERRUPT, tid);
            var frozen = new ThreadFreezer(pid, tid);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> frozen.state() == 't');
            if (inSystemCall(pid, tid)) {
                return frozen;
            }
            frozen.close(); // caught running Java code: let it go and try again
        }
        throw new IllegalStateException("thread " + threadName + " of " + pid + " was never caught waiting in a system call");
    }

    /** Thaws the thread. */
    @Override
    public void close() {
        ptrace(PTRACE_DETACH, tid);
    }

    private char state() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** {@return whether the thread is inside a system call} (/proc/.../syscall starts with its number; "running" when not) */
    private static boolean inSystemCall(long pid, long tid) {
        try {
            String syscall = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/syscall")).trim();
            return !syscall.isEmpty() && Character.isDigit(syscall.charAt(0));
        } catch (IOException e) {
            return false;
        }
    }

    private static long threadId(long pid, String name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).trim().equals(name);
                } catch (IOException e) {
                    return false;
                }
            }).map(t -> Long.parseLong(t.getFileName().toString())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no thread " + name + " in " + pid));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ptrace(long request, long tid) {
        long rc;
        try {
            rc = (long) SYSCALL.invokeExact(SYS_PTRACE, request, tid, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rc != 0) {
            throw new IllegalStateException("ptrace(" + request + ", " + tid + ") failed");
        }
    }
}

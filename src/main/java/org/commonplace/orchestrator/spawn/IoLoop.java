package org.commonplace.orchestrator.spawn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ExitStatus;

/**
 * One thread that waits in epoll for every child's output pipes and exit (a pidfd each): no thread
 * per child, no polling, nothing awake while the children are quiet. Output is read in 64 KiB chunks
 * and handed to the stream's receiver; an exit is reaped with waitid on its pidfd, and its status
 * reported as the kernel tells it: exited with a code, or killed by a signal (with or without a
 * core dump), never one number for both.
 *
 * <p>If the loop is ever ended by an error (an {@code OutOfMemoryError} while a receiver keeps a
 * line), it says so to its {@link CoreFailure} listener and serves on without its receivers: output
 * is read and dropped (which frees what the receivers held), exits are still reported, so the stop
 * that follows sees each child end. Should it fail again, it ends for good and says that too.
 *
 * <p>Each return from epoll_wait is a turn ({@link #turns}); {@link #poke} makes an idle loop turn,
 * so that a watchdog can tell a loop that waits from a loop that is stuck.
 */
final class IoLoop {
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_EVENTS = 64;
    /** At most this many chunks from one pipe per wake-up, so one flood cannot starve the others. */
    private static final int CHUNKS_PER_TURN = 4;
    /**
     * At most this many chunks read from an exited child's pipes before its exit is reported: a full
     * pipe holds 1 MiB at most (F_SETPIPE_SZ's default ceiling), so this is all the child wrote, unless
     * a grandchild that holds the pipe floods it; what it writes after comes after the exit.
     */
    private static final int CHUNKS_AT_EXIT = 16;

    private sealed interface Handler permits PipeHandler, ExitHandler, StopHandler, PokeHandler {
    }

    private record PipeHandler(int fd, OutputReceiver receiver, Runnable onEnd) implements Handler {
    }

    private record ExitHandler(int pidfd, int[] pipes, Consumer<ExitStatus> onExit) implements Handler {
    }

    /** The read end of the pipe that {@link #stop} writes to. */
    private record StopHandler() implements Handler {
    }

    /** The read end of the pipe that {@link #poke} writes to. */
    private record PokeHandler(int fd) implements Handler {
    }

    private final int epfd;
    private final Map<Integer, Handler> handlers = new ConcurrentHashMap<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment registration = arena.allocate(Native.EPOLL_EVENT_SIZE, 4);

    private final int stopWriteFd;
    private final int pokeWriteFd;
    private final MemorySegment pokeByte = arena.allocate(1);
    private final Thread thread;
    /** How many times epoll_wait returned; written by the loop's thread only. */
    private volatile long turns;
    /** After a failure: output is read and dropped, no receiver is called. */
    private volatile boolean dropOutput;
    private volatile CoreFailure failure = CoreFailure.NONE;

    private IoLoop(int epfd, int[] stopPipe, int[] pokePipe) {
        this.epfd = epfd;
        this.stopWriteFd = stopPipe[1];
        this.pokeWriteFd = pokePipe[1];
        add(stopPipe[0], new StopHandler());
        add(pokePipe[0], new PokeHandler(pokePipe[0]));
        this.thread = Thread.ofPlatform().daemon().name("io-loop").start(this::run);
    }

    /** Sets who hears that the loop was ended by an error. */
    void onFailure(CoreFailure listener) {
        this.failure = listener;
    }

    /** {@return how many times the loop has turned (woken from epoll_wait) so far} */
    long turns() {
        return turns;
    }

    /** Makes the loop turn once soon, even when no child has anything to say. Never blocks. */
    void poke() {
        try {
            // Non-blocking: a full pipe means pokes are waiting to be read already.
            long ignored = (long) Native.WRITE.invokeExact(pokeWriteFd, pokeByte, 1L);
        } catch (Throwable t) {
            // nothing to do: the watchdog sees no turn
        }
    }

    /**
     * Ends the loop's thread. Needed before the JVM exits: it waits up to 300 ms for every thread
     * still inside a native call (here epoll_wait), which made every stop 0.3 s slower.
     */
    void stop() {
        try {
            int ignored = (int) Native.CLOSE.invokeExact(stopWriteFd);
            thread.join(1000);
        } catch (Throwable t) {
            // the JVM is exiting anyway
        }
    }

    static IoLoop start() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Native.captureSegment(a);
            int epfd = (int) Native.EPOLL_CREATE1.invokeExact(capture, Native.O_CLOEXEC);
            if (epfd < 0) {
                throw new IllegalStateException("epoll_create1 failed: errno " + Native.errno(capture));
            }
            return new IoLoop(epfd, Native.pipe(a, capture, Native.O_CLOEXEC), Native.pipe(a, capture, Native.O_CLOEXEC | Native.O_NONBLOCK));
        } catch (Throwable t) {
            throw new IllegalStateException("cannot start the I/O loop", t);
        }
    }

    /** Reads {@code fd} (a non-blocking pipe) into {@code receiver} until end of file, then closes it. */
    void watchPipe(int fd, OutputReceiver receiver, Runnable onEnd) {
        add(fd, new PipeHandler(fd, receiver, onEnd));
    }

    /**
     * When {@code pidfd} says its child exited, reports its status — without reaping it: the zombie
     * keeps its pid, and so its group id, from being anyone else's until the owner of the pidfd has
     * swept the group and reaps it ({@link NativeChild#release}). The pidfd stays open, the owner's.
     *
     * <p>Before it reports the exit it reads what is waiting in {@code pipes} (the child's, if they
     * are watched): everything the child wrote before it exited is passed on before its exit, at
     * once, with no timer; only what a process still holding a pipe writes later comes after.
     */
    void watchExit(int pidfd, int[] pipes, Consumer<ExitStatus> onExit) {
        add(pidfd, new ExitHandler(pidfd, pipes.clone(), onExit));
    }

    private synchronized void add(int fd, Handler handler) {
        handlers.put(fd, handler);
        registration.set(ValueLayout.JAVA_INT_UNALIGNED, 0, Native.EPOLLIN);
        registration.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, fd);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Native.captureSegment(a);
            int rc = (int) Native.EPOLL_CTL.invokeExact(capture, epfd, Native.EPOLL_CTL_ADD, fd, registration);
            if (rc != 0) {
                handlers.remove(fd);
                throw new IllegalStateException("epoll_ctl ADD " + fd + " failed: errno " + Native.errno(capture));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void run() {
        MemorySegment events = arena.allocate(Native.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
        MemorySegment buffer = arena.allocate(CHUNK, 8);
        MemorySegment capture = Native.captureSegment(arena);
        MemorySegment info = arena.allocate(PidfdWait.SIGINFO_SIZE, 8);
        byte[] bytes = new byte[CHUNK];
        try {
            serve(events, buffer, capture, info, bytes);
            return;
        } catch (Throwable t) {
            // Ended by an error: serve on without receivers, so that the stop this brings sees the exits.
            dropOutput = true;
            try {
                handlers.replaceAll((fd, h) -> h instanceof PipeHandler p ? new PipeHandler(p.fd(), null, p.onEnd()) : h);
            } catch (Throwable again) {
                // The receivers stay referenced; their output is dropped all the same.
            }
            tell(t, true);
        }
        try {
            serve(events, buffer, capture, info, bytes);
        } catch (Throwable t) {
            tell(t, false);
        }
    }

    private void tell(Throwable cause, boolean stillServing) {
        try {
            failure.failed("the I/O loop", cause, stillServing);
        } catch (Throwable t) {
            // The listener could not be told (out of memory again): the guard is the last defence.
        }
    }

    private void serve(MemorySegment events, MemorySegment buffer, MemorySegment capture, MemorySegment info, byte[] bytes) {
        while (true) {
            int n;
            try {
                n = (int) Native.EPOLL_WAIT.invokeExact(capture, epfd, events, MAX_EVENTS, -1);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            turns++;
            for (int i = 0; i < n; i++) {
                int fd = (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * Native.EPOLL_EVENT_SIZE + 4);
                Handler handler = handlers.get(fd);
                try {
                    switch (handler) {
                        case PipeHandler pipe -> drain(pipe, buffer, bytes, capture, CHUNKS_PER_TURN);
                        case ExitHandler exit -> reap(exit, info, capture, buffer, bytes);
                        case StopHandler stop -> {
                            return;
                        }
                        case PokeHandler poke -> readAll(poke.fd(), buffer, capture);
                        case null -> {
                        }
                    }
                } catch (RuntimeException e) {
                    // A receiver's failure must not stop the loop that serves every child.
                    System.err.println("[orchestrator] internal error in the I/O loop: " + e);
                }
            }
        }
    }

    private void drain(PipeHandler pipe, MemorySegment buffer, byte[] bytes, MemorySegment capture, int chunks) {
        for (int turn = 0; turn < chunks; turn++) {
            long got;
            try {
                got = (long) Native.READ.invokeExact(capture, pipe.fd(), buffer, (long) CHUNK);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (got > 0) {
                if (!dropOutput) {
                    MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) got);
                    pipe.receiver().feed(bytes, 0, (int) got);
                }
                continue;
            }
            if (got < 0 && (Native.errno(capture) == Native.EAGAIN || Native.errno(capture) == Native.EINTR)) {
                return;
            }
            // End of file (or a read error, which ends the stream too).
            remove(pipe.fd());
            if (!dropOutput) {
                pipe.receiver().finish();
            }
            pipe.onEnd().run();
            return;
        }
    }

    /** Empties the (non-blocking) poke pipe: the pokes have done their work by waking the loop. */
    private static void readAll(int fd, MemorySegment buffer, MemorySegment capture) {
        try {
            while ((long) Native.READ.invokeExact(capture, fd, buffer, (long) CHUNK) > 0) {
                // again, until EAGAIN
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void reap(ExitHandler exit, MemorySegment info, MemorySegment capture, MemorySegment buffer, byte[] bytes) {
        PidfdWait.Outcome seen = PidfdWait.waitid(exit.pidfd(), info, capture, Native.WEXITED | Native.WNOWAIT);
        if (seen == PidfdWait.Outcome.INTERRUPTED) {
            return; // epoll reports the pidfd again
        }
        deregister(exit.pidfd());
        ExitStatus status = seen == PidfdWait.Outcome.FAILED ? ExitStatus.exited(255) : PidfdWait.statusOf(info);
        try {
            // The child is gone, so what it wrote is in its pipes now: pass it on before its exit, in order.
            for (int fd : exit.pipes()) {
                if (handlers.get(fd) instanceof PipeHandler pipe) {
                    drain(pipe, buffer, bytes, capture, CHUNKS_AT_EXIT);
                }
            }
        } finally {
            // Even when a receiver failed: the pidfd is no longer watched, so this is the exit's one report.
            exit.onExit().accept(status);
        }
    }

    private void remove(int fd) {
        deregister(fd);
        Native.close(fd);
    }

    /** Stops watching {@code fd}, leaving it open. */
    private void deregister(int fd) {
        handlers.remove(fd);
        try {
            int ignored = (int) Native.EPOLL_CTL.invokeExact(Native.captureSegment(Arena.ofAuto()), epfd, Native.EPOLL_CTL_DEL, fd,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

package org.commonplace.orchestrator.spawn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.commonplace.orchestrator.model.ExitStatus;

/**
 * Starts programs with posix_spawn through the FFM API — what the JDK's ProcessBuilder cannot do and
 * why we do not use it for children: each child becomes a session leader (POSIX_SPAWN_SETSID) before
 * it runs, with default signal dispositions and an empty signal mask, stdin from /dev/null, its cwd
 * set by the spawn itself, and its stdout and stderr on pipes that one {@link IoLoop} thread reads
 * for every child, where ProcessBuilder costs a reaper thread and two pump threads per child.
 *
 * <p>When the orchestrator dies, the guard kills every child's group. Only where there is no guard
 * does a child get a parent-death signal instead, through util-linux's {@code setpriv --pdeathsig
 * KILL} (which execs in place, tied to the spawning thread: call {@link #launch} from a long-lived
 * thread): that extra exec costs about 1.2 ms per start, more than half of a restart.
 */
public final class NativeLauncher implements Launcher {
    private static final String DEV_NULL = "/dev/null";
    /** Threads that start a batch side by side: a few per core, as each mostly waits for its child's exec. */
    static final int SPAWNERS = Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));

    static {
        // What a failed start needs, loaded now: when the table of open files is full a class cannot be
        // loaded from the jar, and a start that fails for that reason failed with NoClassDefFoundError.
        Errno.describe(24);
        new LaunchException("").getMessage();
    }

    private final Map<String, String> baseEnv;
    private final GroupCustody custody;
    private final IoLoop loop;
    private final List<String> wrapper;

    public NativeLauncher(GroupCustody custody) {
        this.baseEnv = Map.copyOf(System.getenv());
        this.custody = custody;
        this.loop = IoLoop.start();
        Path setpriv = Path.of("/usr/bin/setpriv");
        this.wrapper = !custody.guarded() && Files.isExecutable(setpriv)
                ? List.of(setpriv.toString(), "--pdeathsig", "KILL", "--") : List.of();
    }

    private long turnsSeen = -1;

    @Override
    public synchronized boolean ioLoopTurned() {
        long turns = loop.turns();
        boolean turned = turns != turnsSeen;
        turnsSeen = turns;
        loop.poke();
        return turned;
    }

    @Override
    public void onCoreFailure(CoreFailure listener) {
        loop.onFailure(listener);
    }

    /** Ends the I/O loop once every child is gone (before the JVM exits). */
    @Override
    public void close() {
        loop.stop();
    }

    /**
     * Links the native calls on a thread of its own, so that a run finds them ready: linking them
     * (a class generated for each call shape) takes about a tenth of a second, which otherwise sits
     * between reading the config and the first child. Where they cannot be linked the thread ends
     * quietly and {@link #available} says so later, as without it.
     */
    public static void prepareInBackground() {
        Thread.ofPlatform().daemon().name("native-link").stackSize(256 * 1024).start(NativeLauncher::available);
    }

    /** {@return whether this machine can run the native launcher (Linux 5.4+ with pidfd, glibc 2.29+)} */
    public static boolean available() {
        try {
            return Native.available();
        } catch (LinkageError e) {
            return false; // not Linux, or a libc without posix_spawn
        }
    }

    /**
     * Starts the batch on {@link #SPAWNERS} threads that end with it. posix_spawn returns only once
     * the child has exec'd, so one thread spends most of a start waiting for the child to be
     * scheduled; side by side the starts overlap (2,000 children: figure I of docs/BENCHMARKS.md).
     * Without a guard each child's parent-death signal is tied to the thread that started it, so
     * then the batch is started one by one on the calling thread, as before.
     */
    @Override
    public List<Launched> launchAll(List<LaunchSpec> specs) {
        if (specs.size() < 2 || !wrapper.isEmpty()) {
            return Launcher.super.launchAll(specs);
        }
        var factory = Thread.ofPlatform().daemon().name("spawner-", 1).stackSize(256 * 1024).factory();
        var started = new ArrayList<Future<Launched>>(specs.size());
        try (var pool = Executors.newFixedThreadPool(Math.min(SPAWNERS, specs.size()), factory)) {
            for (LaunchSpec spec : specs) {
                started.add(pool.submit(() -> {
                    try {
                        return new Launched(launch(spec), null);
                    } catch (LaunchException e) {
                        return new Launched(null, e);
                    }
                }));
            }
        }
        var results = new ArrayList<Launched>(specs.size());
        for (var future : started) {
            results.add(resultOf(future));
        }
        return results;
    }

    /**
     * {@return what a spawner thread's task gave}; what it threw (an {@code OutOfMemoryError} on a full
     * heap, say) is thrown again as itself, so the supervisor loop that called says what failed, not
     * {@code resultNow}'s "Task completed with exception", which names no cause.
     */
    static Launched resultOf(Future<Launched> future) {
        if (future.state() != Future.State.FAILED) {
            return future.resultNow();
        }
        Throwable failure = future.exceptionNow();
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException("a spawner thread failed", failure); // launch's own LaunchException is caught in the task
    }

    @Override
    public Child launch(LaunchSpec spec) throws LaunchException {
        PreparedLaunch prepared = PreparedLaunch.of(spec, baseEnv, wrapper);
        List<String> argv = prepared.argv();
        var envp = new ArrayList<String>(prepared.env().size());
        prepared.env().forEach((k, v) -> envp.add(k + "=" + v));
        try (Arena arena = Arena.ofConfined()) {
            return spawn(arena, argv, envp, spec.cwd().toString());
        } catch (LaunchException e) {
            throw e;
        } catch (Throwable t) {
            throw new LaunchException("cannot start '" + spec.command() + "': " + t);
        }
    }

    private Child spawn(Arena arena, List<String> argv, List<String> envp, String cwd) throws Throwable {
        MemorySegment capture = Native.captureSegment(arena);
        int[] out = pipe(arena, capture);
        int[] err = pipe(arena, capture);
        MemorySegment actions = arena.allocate(Native.FILE_ACTIONS_SIZE, 8);
        MemorySegment attr = arena.allocate(Native.SPAWNATTR_SIZE, 8);
        check((int) Native.FA_INIT.invokeExact(actions), "file_actions_init");
        check((int) Native.ATTR_INIT.invokeExact(attr), "spawnattr_init");
        try {
            check((int) Native.FA_ADDOPEN.invokeExact(actions, 0, arena.allocateFrom(DEV_NULL), Native.O_RDONLY, 0), "addopen");
            check((int) Native.FA_ADDDUP2.invokeExact(actions, out[1], 1), "adddup2");
            check((int) Native.FA_ADDDUP2.invokeExact(actions, err[1], 2), "adddup2");
            check((int) Native.FA_ADDCHDIR.invokeExact(actions, arena.allocateFrom(cwd)), "addchdir_np");
            // Without this a child would inherit every descriptor the JVM holds open without
            // close-on-exec — the guard's pipe among them, which would then never see end of file.
            check((int) Native.FA_ADDCLOSEFROM.invokeExact(actions, 3), "addclosefrom_np");
            MemorySegment none = arena.allocate(Native.SIGSET_SIZE, 8);
            MemorySegment all = arena.allocate(Native.SIGSET_SIZE, 8);
            check((int) Native.SIGEMPTYSET.invokeExact(none), "sigemptyset");
            check((int) Native.SIGFILLSET.invokeExact(all), "sigfillset");
            // The JVM blocks and ignores signals of its own; a child must start with the defaults.
            check((int) Native.ATTR_SETSIGMASK.invokeExact(attr, none), "setsigmask");
            check((int) Native.ATTR_SETSIGDEFAULT.invokeExact(attr, all), "setsigdefault");
            short flags = (short) (Native.POSIX_SPAWN_SETSID | Native.POSIX_SPAWN_SETSIGMASK | Native.POSIX_SPAWN_SETSIGDEF);
            check((int) Native.ATTR_SETFLAGS.invokeExact(attr, flags), "setflags");
            MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment path = arena.allocateFrom(argv.getFirst());
            MemorySegment argvArray = strings(arena, argv);
            MemorySegment envArray = strings(arena, envp);
            int[] failure = {0};
            long pid = ChildProcesses.spawnNative(() -> {
                try {
                    failure[0] = (int) Native.POSIX_SPAWN.invokeExact(pidOut, path, actions, attr, argvArray, envArray);
                } catch (Throwable t) {
                    failure[0] = -1;
                }
                return failure[0] == 0 ? pidOut.get(ValueLayout.JAVA_INT, 0) : -1;
            });
            closeQuietly(out[1]);
            closeQuietly(err[1]);
            if (pid <= 0) {
                closeQuietly(out[0]);
                closeQuietly(err[0]);
                throw new LaunchException("posix_spawn of " + argv.getFirst() + " failed: " + Errno.describe(failure[0]));
            }
            setNonBlocking(out[0]);
            setNonBlocking(err[0]);
            long pidfd = (long) Native.PIDFD_OPEN.invokeExact(capture, Native.SYS_PIDFD_OPEN, (int) pid, 0);
            if (pidfd < 0) {
                throw new LaunchException("pidfd_open(" + pid + ") failed: " + Errno.describe(Native.errno(capture)));
            }
            var exit = new CompletableFuture<ExitStatus>();
            custody.groupStarted(pid);
            return new NativeChild(pid, (int) pidfd, out[0], err[0], loop, custody, exit);
        } finally {
            int ignored = (int) Native.FA_DESTROY.invokeExact(actions);
            ignored = (int) Native.ATTR_DESTROY.invokeExact(attr);
        }
    }

    private static int[] pipe(Arena arena, MemorySegment capture) throws Throwable {
        MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
        int rc = (int) Native.PIPE2.invokeExact(capture, fds, Native.O_CLOEXEC);
        if (rc != 0) {
            throw new LaunchException("pipe2 failed: " + Errno.describe(Native.errno(capture)));
        }
        return new int[] {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
    }

    private static void setNonBlocking(int fd) throws Throwable {
        int flags = (int) Native.FCNTL.invokeExact(fd, Native.F_GETFL, 0);
        int ignored = (int) Native.FCNTL.invokeExact(fd, Native.F_SETFL, flags | Native.O_NONBLOCK);
    }

    private static void closeQuietly(int fd) {
        try {
            int ignored = (int) Native.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // nothing to do
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(int rc, String what) throws LaunchException {
        if (rc != 0) {
            throw new LaunchException(what + " failed: " + Errno.describe(rc));
        }
    }
}

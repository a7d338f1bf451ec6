package org.commonplace.orchestrator.spawn;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * Every process this JVM starts goes through {@link #start}, so that the orphan reaper can tell the
 * JDK's children (the JDK reaps those itself) from orphans reparented to us as child subreaper (we
 * must reap those, or they stay zombies).
 *
 * <p>The reaper is one platform thread blocked in waitid(P_ALL, WNOWAIT): it wakes when any child
 * exits, without taking the exit status; it reaps the child only if the JDK did not start it. A
 * process is registered before the reaper may look it up (under the same lock as its start, or, for
 * native spawns that run side by side, before the shared lock the reaper waits for is let go), so a
 * child that exits at once is never mistaken for an orphan.
 */
public final class ChildProcesses {
    private static final Object LOCK = new Object();
    /** Held shared by every native spawn until its child is registered; alone by whoever asks whose a pid is. */
    private static final java.util.concurrent.locks.ReentrantReadWriteLock SPAWNING =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private static final Map<Long, Process> STARTED = new HashMap<>();
    /** Children spawned natively: the I/O loop reaps them and completes their future. */
    private static final Map<Long, CompletableFuture<Void>> NATIVE = new HashMap<>();
    private static volatile LongConsumer orphanReaped = pid -> { };
    private static volatile JobControlListener jobControl = (pid, stopped, signal) -> { };

    /** Hears that a child of ours was stopped (by {@code signal}) or continued. */
    @FunctionalInterface
    public interface JobControlListener {
        void changed(long pid, boolean stopped, int signal);
    }

    /**
     * Registers who hears of children stopped (SIGSTOP, SIGTSTP, ...) and continued; only while we
     * adopt orphans, since the same thread watches for both.
     */
    public static void onJobControl(JobControlListener listener) {
        jobControl = listener;
    }
    private static Thread reaper;
    private static volatile CoreFailure failure = CoreFailure.NONE;
    /** A reaper that fails this many times in a row gives up (it would spin). */
    private static final int MAX_FAILURES = 3;

    /** Sets who hears that the orphan reaper was ended by an error. */
    public static void onCoreFailure(CoreFailure listener) {
        failure = listener;
    }

    private ChildProcesses() {
    }

    /** Starts a process and registers it as the JDK's to reap. */
    public static Process start(ProcessBuilder builder) throws IOException {
        synchronized (LOCK) {
            Process process = builder.start();
            long pid = process.pid();
            STARTED.put(pid, process);
            LOCK.notifyAll();
            process.onExit().thenRun(() -> {
                synchronized (LOCK) {
                    STARTED.remove(pid, process);
                }
            });
            return process;
        }
    }

    /**
     * Runs a native spawn and registers the pid it returns before anyone may ask whose it is, so the
     * orphan reaper never takes a child that exits at once for an orphan. Spawns share the {@link
     * #SPAWNING} lock, so that they run side by side; whoever asks whose a pid is takes it alone,
     * after every spawn in flight has registered its child.
     */
    static long spawnNative(java.util.function.LongSupplier spawn) {
        SPAWNING.readLock().lock();
        try {
            long pid = spawn.getAsLong();
            if (pid > 0) {
                synchronized (LOCK) {
                    NATIVE.put(pid, new CompletableFuture<>());
                    LOCK.notifyAll();
                }
            }
            return pid;
        } finally {
            SPAWNING.readLock().unlock();
        }
    }

    /** The I/O loop has reaped the native child {@code pid}. */
    static void nativeReaped(long pid) {
        CompletableFuture<Void> reaped;
        synchronized (LOCK) {
            reaped = NATIVE.remove(pid);
        }
        if (reaped != null) {
            reaped.complete(null);
        }
    }

    /** {@return whether we started {@code pid} ourselves (it is not an adopted orphan)} */
    public static boolean isOurs(long pid) {
        SPAWNING.writeLock().lock();
        try {
            synchronized (LOCK) {
                return STARTED.containsKey(pid) || NATIVE.containsKey(pid);
            }
        } finally {
            SPAWNING.writeLock().unlock();
        }
    }

    /**
     * Becomes the child subreaper and starts the orphan reaper; {@code onReaped} hears of every orphan
     * reaped. Idempotent. Returns false where the kernel does not allow it.
     */
    public static synchronized boolean adoptOrphans(LongConsumer onReaped) {
        orphanReaped = onReaped;
        if (reaper != null) {
            return true;
        }
        if (!Native.becomeChildSubreaper().ok()) {
            return false;
        }
        reaper = Thread.ofPlatform().daemon().name("orphan-reaper").stackSize(256 * 1024).start(ChildProcesses::reapForever);
        return true;
    }

    /**
     * Reaps until the JVM ends. A failure (an error thrown while the JDK's or a listener's code runs
     * here) is told, and the reaper carries on, so the stop it brings still has orphans reaped; after
     * {@link #MAX_FAILURES} in a row it ends, and says so.
     */
    private static void reapForever() {
        int failures = 0;
        while (true) {
            try {
                reapOne();
                failures = 0;
            } catch (Throwable t) {
                boolean goesOn = ++failures < MAX_FAILURES;
                try {
                    failure.failed("the orphan reaper", t, goesOn);
                } catch (Throwable again) {
                    // not even that could be said: the guard is the last defence
                }
                if (!goesOn) {
                    return;
                }
            }
        }
    }

    private static void reapOne() {
        int[] errno = new int[1];
        Native.ChildEvent event = Native.awaitAnyChildEvent(errno);
        if (event == null) {
            if (errno[0] == Native.ECHILD) {
                awaitAnyChild();
            }
            return;
        }
        long pid = event.pid();
        if (!event.exited()) {
            jobControl.changed(pid, event.code() == Native.CLD_STOPPED, event.status());
            return;
        }
        Process jdkChild;
        CompletableFuture<Void> nativeChild;
        SPAWNING.writeLock().lock();
        try {
            synchronized (LOCK) {
                jdkChild = STARTED.get(pid);
                nativeChild = NATIVE.get(pid);
            }
        } finally {
            SPAWNING.writeLock().unlock();
        }
        if (jdkChild != null) {
            // The JDK reaps it; wait until it has, or waitid would report the same zombie again.
            jdkChild.onExit().join();
        } else if (nativeChild != null) {
            nativeChild.join();
        } else {
            Native.reap((int) pid);
            orphanReaped.accept(pid);
        }
    }

    private static void awaitAnyChild() {
        synchronized (LOCK) {
            while (ProcStat.childrenOfSelf().isEmpty()) {
                try {
                    LOCK.wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}

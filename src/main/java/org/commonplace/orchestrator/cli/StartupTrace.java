package org.commonplace.orchestrator.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.LaunchException;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.spawn.Launcher;

/**
 * Where the start-up time goes, behind {@code COMMONPLACE_STARTUP_TRACE=1}: each step of a run from
 * {@code main} to the last child of the first wave notes the time, and the whole list is printed on
 * stderr once that child is started (docs/BENCHMARKS.md, "Where the start-up goes"). Off, a mark is
 * one volatile read: nothing is kept, nothing printed, no class of java.management loaded.
 *
 * <p>Times are from {@code main}; the JVM's own part before it (boot, the AOT cache, loading Main)
 * is added once, from the runtime bean's uptime, when the list is printed — asking for it earlier
 * would make every later step slower by what loading java.management costs.
 */
final class StartupTrace {
    private static final boolean ON = "1".equals(System.getenv("COMMONPLACE_STARTUP_TRACE"));
    private static final long MAIN = System.nanoTime();
    private static final List<String> STEPS = new ArrayList<>();
    private static final List<Long> TIMES = new ArrayList<>();
    private static volatile boolean printed;

    private StartupTrace() {
    }

    static boolean on() {
        return ON && !printed;
    }

    /** Notes that {@code step} has just ended. */
    static void mark(String step) {
        if (!on()) {
            return;
        }
        long now = System.nanoTime();
        synchronized (STEPS) {
            STEPS.add(step);
            TIMES.add(now);
        }
    }

    /** Notes the last step and prints them all, once. */
    static void finish(String step, PrintStream err) {
        if (!on()) {
            return;
        }
        mark(step);
        long beforeMain;
        long sinceMain = System.nanoTime() - MAIN;
        try {
            beforeMain = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000 - sinceMain;
        } catch (RuntimeException | LinkageError e) {
            beforeMain = 0;
        }
        synchronized (STEPS) {
            printed = true;
            var lines = new StringBuilder(String.format("startup: %7.1f ms  JVM start -> main%n", beforeMain / 1e6));
            long previous = MAIN;
            for (int i = 0; i < STEPS.size(); i++) {
                long t = TIMES.get(i);
                lines.append(String.format("startup: %7.1f ms  (+%6.1f)  %s%n", (beforeMain + t - MAIN) / 1e6,
                        (t - previous) / 1e6, STEPS.get(i)));
                previous = t;
            }
            err.print(lines);
            err.flush();
        }
    }

    /**
     * {@return {@code launcher}, or when tracing, one that marks the first child and finishes the
     * trace at the {@code wave}-th (the last of the first wave, each process started once)}
     */
    static Launcher watching(Launcher launcher, int wave, PrintStream err) {
        if (!on()) {
            return launcher;
        }
        var started = new AtomicInteger();
        var inside = new java.util.concurrent.atomic.AtomicLong();
        return new Launcher() {
            @Override
            public Child launch(LaunchSpec spec) throws LaunchException {
                long t0 = System.nanoTime();
                Child child = launcher.launch(spec);
                long spent = inside.addAndGet(System.nanoTime() - t0);
                int n = started.incrementAndGet();
                if (n == 1) {
                    mark("the first child started");
                }
                if (n == wave) {
                    finish("child " + n + " of " + wave + " started (" + String.format("%.1f", spent / 1e6)
                            + " ms of it inside the launcher's launch)", err);
                }
                return child;
            }

            @Override
            public void close() {
                launcher.close();
            }
        };
    }
}

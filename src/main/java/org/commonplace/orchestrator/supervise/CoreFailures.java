package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.output.Console;

/**
 * What the loop does when a core thread fails: say so in one line and stop everything as SIGTERM
 * would, then exit 1, so that systemd (Restart=on-failure) starts us again rather than leave a
 * supervisor half alive. A second failure, or a thread that can no longer see children exit, ends it
 * at once: every process group is killed and the loop ends (and the guard kills whatever is left when
 * we exit).
 */
final class CoreFailures {
    private static final int RESERVE_BYTES = 1 << 20;

    private final Console console;
    private final StopAll stop;
    /**
     * Memory set aside for stopping after a failure: an {@code OutOfMemoryError} leaves the heap full,
     * and the stop must still say what it does. Let go at the first failure.
     */
    private volatile byte[] reserve = new byte[RESERVE_BYTES];
    /** Whether a core thread failed: everything stops, and the exit code is 1 whatever the children do. */
    private boolean fatal;

    CoreFailures(Console console, StopAll stop) {
        this.console = console;
        this.stop = stop;
    }

    /**
     * From the failed thread: lets go of the reserve, so that what follows has memory to say it, and
     * posts the failure to the loop. When even that fails the JVM halts, and the guard kills every child.
     */
    void report(String what, Throwable cause, boolean stillServing, java.util.function.Consumer<Event> post) {
        reserve = null;
        try {
            post.accept(new Event.CoreFailed(what, cause.toString(), stillServing));
        } catch (Throwable t) {
            Runtime.getRuntime().halt(1);
        }
    }

    /**
     * On the loop thread: a core thread failed.
     *
     * @param stopping whether everything is stopping already
     * @return whether the loop must end now, with exit code 1 (everything was killed)
     */
    boolean failed(String what, String cause, boolean stillServing, boolean stopping) {
        reserve = null;
        if (fatal || !stillServing) {
            fatal = true;
            console.error(what + " failed (" + cause + "); killing every process group and exiting 1");
            stop.killEverything();
            return true;
        }
        fatal = true;
        console.error(what + " failed (" + cause + "); stopping everything as on SIGTERM, then exiting 1"
                + " so that a service manager starts us again");
        if (!stopping) {
            stop.begin("stopping all processes (dependents first) after that failure");
        }
        return false;
    }

    /** {@return whether a core thread failed (the exit code is then 1)} */
    boolean fatal() {
        return fatal;
    }
}

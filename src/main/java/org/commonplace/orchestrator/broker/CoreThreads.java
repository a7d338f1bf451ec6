package org.commonplace.orchestrator.broker;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptExceptionMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Ends the broker's process when one of the threads every client depends on dies: Moquette 0.17's
 * one session loop ({@code -XX:ActiveProcessorCount=1}) or Netty's one I/O thread, or its acceptor's.
 * Without it the JVM stayed up answering no one until the orchestrator's liveness check gave up on it
 * (about 30 s); exiting makes the supervisor start it again with backoff at once, as any crashed process.
 * It says one line on stderr, naming the thread and why, and halts with {@link #EXIT_CODE} (no hook
 * runs: with persistence, what the last second changed is lost, as by a kill -9).
 *
 * <p>A session loop's thread ends on any exception a Moquette command throws ({@code SessionEventLoop}
 * rethrows it), and Moquette's handler for that uncaught exception tells its interceptors on the dying
 * thread itself: this is one of them, so that needs nothing of Moquette's internals. Netty's I/O threads
 * catch what their tasks and handlers throw; one ends only when its select loop throws an
 * {@link Error}, which Netty logs and then lets the thread end normally: {@link #watch} sees the end
 * (the groups are reached by {@link MoquetteInternals#listen}) and takes the reason from that log.
 */
final class CoreThreads extends AbstractInterceptHandler {
    /** The broker's exit code when a core thread died (1 is the JVM's own for an uncaught error in main). */
    static final int EXIT_CODE = 3;
    /** How the line on stderr starts. */
    static final String LINE_START = "core thread ";
    /** Where Netty logs the {@link Error} that ended one of its threads (through java.util.logging here). */
    private static final String NETTY_EXECUTOR_LOG = "io.netty.util.concurrent.SingleThreadEventExecutor";
    /** Longest reason said. */
    private static final int MAX_REASON = 200;

    /** The last error Netty logged as ending one of its threads; held strongly, as JUL keeps loggers weakly. */
    private static final AtomicReference<Throwable> NETTY_ERROR = new AtomicReference<>();
    private static final Logger NETTY_LOG = Logger.getLogger(NETTY_EXECUTOR_LOG);

    @Override
    public String getID() {
        return "commonplace-core-threads";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptExceptionMessage.class};
    }

    /** On the session loop's own thread, as it ends (Moquette's uncaught-exception handler calls it there). */
    @Override
    public void onSessionLoopError(Throwable error) {
        died(Thread.currentThread().getName(), error);
    }

    /**
     * Ends the process when any thread of {@code group} ends. The broker never shuts its groups down (it
     * halts), so an end is a death. Call once its threads have started (after the bind).
     */
    static void watch(EventLoopGroup group) {
        synchronized (NETTY_LOG) {
            if (NETTY_LOG.getHandlers().length == 0) {
                // The root logger is off (BrokerProcess); this one logger still tells why a thread ended.
                NETTY_LOG.setLevel(Level.WARNING);
                NETTY_LOG.setUseParentHandlers(false);
                NETTY_LOG.addHandler(new Handler() {
                    @Override
                    public void publish(LogRecord record) {
                        if (record.getThrown() != null) {
                            NETTY_ERROR.set(record.getThrown());
                        }
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                });
            }
        }
        for (EventExecutor loop : group) {
            // Its name, asked on the thread itself (a Netty loop does not expose its thread).
            var name = loop.submit(() -> Thread.currentThread().getName());
            loop.terminationFuture().addListener(ended -> died(name.isSuccess() ? name.getNow() : "netty I/O",
                    NETTY_ERROR.get() != null ? NETTY_ERROR.get() : new IllegalStateException("it ended")));
        }
    }

    private static void died(String thread, Throwable error) {
        System.err.println(LINE_START + "'" + thread + "' died (" + reason(error) + "); the broker exits to be started again");
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }

    /** {@return the innermost cause, one line: Moquette wraps the command's exception twice} */
    static String reason(Throwable error) {
        Throwable cause = error;
        // A chain of causes may loop (initCause lets two name each other); its first 16 links are enough.
        for (int depth = 0; depth < 16 && cause.getCause() != null && cause.getCause() != cause; depth++) {
            cause = cause.getCause();
        }
        String line = (cause.getMessage() == null ? cause.getClass().getName() : cause.getClass().getName() + ": " + cause.getMessage())
                .replaceAll("\\s+", " ").strip();
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
    }
}

package org.commonplace.orchestrator.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.commonplace.orchestrator.supervise.Event;
import sun.misc.Signal;

/**
 * Gives every signal whose default would end the orchestrator at once (leaving the children to the
 * guard's SIGKILL, with nothing said) a meaning; the handlers only post events to the supervisor.
 * {@code sun.misc.Signal} is the JDK's only way to catch a signal; it is supported (module
 * jdk.unsupported) and has no replacement yet.
 *
 * <ul>
 *   <li>SIGINT, SIGTERM, SIGHUP: stop everything.
 *   <li>SIGUSR2: print the process table (what SIGQUIT would print if the JVM let us have it).
 *   <li>SIGUSR1: reopen the log files (after logrotate moved or truncated them); one line when
 *       there are none.
 *   <li>The signals that mean nothing to a supervisor ({@link #IGNORED}): one line, and nothing else happens.
 * </ul>
 *
 * <p>Not here: SIGQUIT belongs to the JVM (its thread dump); the launcher runs the JVM with
 * {@code -XX:-DisplayVMOutput} so that Ctrl+\ prints nothing ({@code jcmd PID Thread.print} still
 * works). SIGPIPE and SIGXFSZ are already ignored by the JVM; SIGABRT, SIGTRAP and the faults are
 * left alone (the JVM uses them, and an abort must abort). Real-time signals cannot be named here.
 */
final class SignalTrap {
    /** Stop everything. */
    static final List<String> STOP = List.of("INT", "TERM", "HUP");
    /** Default action "terminate", and no meaning to a supervisor: said and ignored. */
    static final List<String> IGNORED = List.of("ALRM", "VTALRM", "PROF", "IO", "PWR", "STKFLT", "XCPU", "SYS");

    static final int SIGINT = 2;

    private SignalTrap() {
    }

    /** Installs the handlers, which post what each signal means to the supervisor (from a JVM signal thread). */
    static void install(Consumer<Event> post, java.util.function.BooleanSupplier anyLogs, Runnable reopenLogs) {
        // A shell starts a background job (`orchestrator &` in a script) with SIGINT ignored, and the
        // JVM then quietly declines to catch it: `kill -INT` would do nothing, for good. An explicit
        // stop request is honoured: back to the default, caught at once below. (SIGHUP ignored by
        // nohup is left ignored: that is what nohup asks for.)
        resetToDefault(SIGINT);
        for (String name : STOP) {
            Signal.handle(new Signal(name), s -> post.accept(new Event.StopRequested(received(s), false)));
        }
        Signal.handle(new Signal("USR2"), s -> post.accept(new Event.StatusRequested(received(s))));
        Signal.handle(new Signal("USR1"), s -> {
            if (!anyLogs.getAsBoolean()) {
                post.accept(new Event.Say(received(s) + ": it would reopen log files, and there are none; ignored"));
                return;
            }
            reopenLogs.run();
            post.accept(new Event.Say(received(s) + ": reopening the log files"));
        });
        for (String name : IGNORED) {
            Signal.handle(new Signal(name), s -> post.accept(new Event.Say(received(s) + ": ignored")));
        }
    }

    private static String received(Signal signal) {
        return "received SIG" + signal.getName();
    }

    /** Sets the signal's disposition to SIG_DFL (0) with signal(2); does nothing where that cannot be called. */
    static void resetToDefault(int signal) {
        Optional<MethodHandle> call = Linker.nativeLinker().defaultLookup().find("signal").map(address ->
                Linker.nativeLinker().downcallHandle(address,
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)));
        if (call.isEmpty()) {
            return;
        }
        try {
            MemorySegment unused = (MemorySegment) call.get().invokeExact(signal, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("signal(" + signal + ", SIG_DFL)", t);
        }
    }
}

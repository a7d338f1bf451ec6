package org.commonplace.orchestrator.model;

/**
 * The one way a Linux signal number is written in anything we print, log or publish: {@code SIGTERM}
 * for 15, and for the real-time signals the names {@code kill -l} gives them ({@code SIGRTMIN+1} for
 * 35, {@code SIGRTMAX} for 64). A number without a name (32 and 33, which the C library keeps for
 * itself, or one out of range) is {@code SIG32}: still one word that reads as a signal.
 */
public final class SignalNames {
    /** The first real-time signal as the C library numbers it (the kernel's 32 and 33 are glibc's own). */
    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;

    private static final String[] CLASSIC = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
        "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    private SignalNames() {
    }

    /** {@return "SIGKILL" for 9, "SIGRTMIN+1" for 35, "SIGRTMAX-2" for 62, "SIG32" for 32} */
    public static String name(int signal) {
        if (signal > 0 && signal < CLASSIC.length) {
            return "SIG" + CLASSIC[signal];
        }
        // Split as kill -l does: the lower half counts up from SIGRTMIN, the upper half down from SIGRTMAX.
        int middle = (SIGRTMIN + SIGRTMAX) / 2;
        if (signal >= SIGRTMIN && signal <= middle) {
            return signal == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+" + (signal - SIGRTMIN);
        }
        if (signal > middle && signal <= SIGRTMAX) {
            return signal == SIGRTMAX ? "SIGRTMAX" : "SIGRTMAX-" + (SIGRTMAX - signal);
        }
        return "SIG" + signal;
    }

    /** {@return the bare name without "SIG" ("TERM"), for tables that name signals as the config does} */
    public static String bareName(int signal) {
        return name(signal).substring(3);
    }
}

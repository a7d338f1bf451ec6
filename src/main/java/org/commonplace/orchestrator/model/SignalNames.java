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

    /**
     * {@return the signal number a user names: "HUP", "SIGHUP", "hup", "RTMIN+2", "SIGRTMAX-1" or a number
     * ("1"), or empty for anything else} Only signals a process can be sent: 1..31 and the real-time
     * ones; 0 (which only probes), 32 and 33 (the C library's own) and numbers past 64 are refused.
     */
    public static java.util.OptionalInt parse(String text) {
        String bare = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (bare.startsWith("SIG")) {
            bare = bare.substring(3);
        }
        if (!bare.isEmpty() && bare.length() <= 3 && bare.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(bare);
            return sendable(n) ? java.util.OptionalInt.of(n) : java.util.OptionalInt.empty();
        }
        for (int n = 1; n <= SIGRTMAX; n++) {
            if (sendable(n) && name(n).substring(3).equals(bare)) {
                return java.util.OptionalInt.of(n);
            }
        }
        // kill -l also takes the other way of counting: RTMIN+20 is RTMAX-10.
        java.util.regex.Matcher rt = java.util.regex.Pattern.compile("RT(MIN|MAX)([+-])(\\d{1,2})").matcher(bare);
        if (rt.matches()) {
            int offset = Integer.parseInt(rt.group(3));
            int n = rt.group(1).equals("MIN") && rt.group(2).equals("+") ? SIGRTMIN + offset
                    : rt.group(1).equals("MAX") && rt.group(2).equals("-") ? SIGRTMAX - offset : -1;
            if (n >= SIGRTMIN && n <= SIGRTMAX) {
                return java.util.OptionalInt.of(n);
            }
        }
        return java.util.OptionalInt.empty();
    }

    private static boolean sendable(int n) {
        return (n >= 1 && n < CLASSIC.length) || (n >= SIGRTMIN && n <= SIGRTMAX);
    }

    /** {@return the bare name without "SIG" ("TERM"), for tables that name signals as the config does} */
    public static String bareName(int signal) {
        return name(signal).substring(3);
    }
}

package org.commonplace.orchestrator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The signals a process may be asked to stop with ({@code stop_signal}), with their Linux numbers.
 * Written in the config as {@code "TERM"} or {@code "SIGTERM"}, in any case.
 */
public enum StopSignal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15);

    private final int number;

    StopSignal(int number) {
        this.number = number;
    }

    /** {@return the Linux signal number} */
    public int number() {
        return number;
    }

    /** {@return the signal a config value names ("TERM", "SIGTERM", "term"), if any} */
    public static Optional<StopSignal> fromName(String name) {
        String bare = name.toUpperCase(Locale.ROOT);
        if (bare.startsWith("SIG")) {
            bare = bare.substring(3);
        }
        String wanted = bare;
        return Arrays.stream(values()).filter(s -> s.name().equals(wanted)).findFirst();
    }

    /** {@return every accepted name} */
    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}

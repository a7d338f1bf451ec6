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

    /** {@return the name of the signal whose Linux number this is, such as "KILL", if we know it} */
    public static Optional<String> nameOf(int number) {
        return Arrays.stream(values()).filter(s -> s.number == number).map(Enum::name).findFirst()
                .or(() -> switch (number) {
                    case 6 -> Optional.of("ABRT");
                    case 11 -> Optional.of("SEGV");
                    case 13 -> Optional.of("PIPE");
                    case 14 -> Optional.of("ALRM");
                    case 4 -> Optional.of("ILL");
                    case 8 -> Optional.of("FPE");
                    case 7 -> Optional.of("BUS");
                    case 18 -> Optional.of("CONT");
                    case 19 -> Optional.of("STOP");
                    case 20 -> Optional.of("TSTP");
                    case 21 -> Optional.of("TTIN");
                    case 22 -> Optional.of("TTOU");
                    default -> Optional.empty();
                });
    }

    /** {@return every accepted name} */
    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}

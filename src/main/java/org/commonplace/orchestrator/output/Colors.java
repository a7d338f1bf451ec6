package org.commonplace.orchestrator.output;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether to colour, and which colour a name gets. A name's colour comes from a hash of the name
 * alone ({@link String#hashCode} is specified by the JLS), so it is the same on every run and every
 * machine, whatever else is in the config. Red is kept for the stderr mark; bold for our own lines.
 */
public final class Colors {
    /** The escape that ends a coloured span. */
    static final String RESET = "\033[0m";
    /** Our own lines' prefix: bold, in the terminal's own colour. */
    static final String OURS = "\033[1m";
    /** The stderr mark. */
    static final String STDERR = "\033[31m";
    /** Green, yellow, blue, magenta, cyan, and their bright forms. */
    private static final List<String> PALETTE = List.of("32", "33", "34", "35", "36", "92", "93", "94", "95", "96");

    private Colors() {
    }

    /** {@return the escape that starts {@code name}'s colour} */
    public static String of(String name) {
        return "\033[" + PALETTE.get(Math.floorMod(name.hashCode(), PALETTE.size())) + "m";
    }

    /**
     * {@return whether to colour}: {@code always} yes, {@code never} no, {@code auto} when stdout is a
     * terminal and NO_COLOR is not set (to any value, even empty: no-color.org).
     */
    public static boolean wanted(String mode, boolean stdoutIsTerminal, Map<String, String> env) {
        return switch (mode) {
            case "always" -> true;
            case "never" -> false;
            default -> stdoutIsTerminal && !env.containsKey("NO_COLOR");
        };
    }

    /** {@return the known modes, or empty when {@code mode} is one} */
    public static Optional<String> badMode(String mode) {
        return List.of("auto", "always", "never").contains(mode) ? Optional.empty() : Optional.of(mode);
    }
}

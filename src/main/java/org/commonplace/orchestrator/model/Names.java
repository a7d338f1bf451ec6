package org.commonplace.orchestrator.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for the names of processes and instances, wherever a name comes in: the config
 * ({@code processes} keys, {@code instance}, {@code INSTANCE/NAME} dependencies), the control socket
 * and MQTT commands. A name becomes a log prefix, a file name, a command-line argument and an MQTT
 * topic level, so it is 1 to {@value #MAX_LENGTH} letters, digits, {@code .}, {@code _} and
 * {@code -}, not starting with {@code .} or {@code -}. A process may not be called {@value #RESERVED}:
 * the orchestrator's own lines start with {@code [orchestrator]} (an instance may: it is never a
 * prefix of lines).
 */
public final class Names {
    /** The most characters of a name. */
    public static final int MAX_LENGTH = 64;
    /** The prefix of the orchestrator's own lines, which no process may pass for. */
    public static final String RESERVED = "orchestrator";
    /** Why the rule is what it is, for messages. */
    public static final String WHY = "names become log prefixes, file names, command-line arguments and MQTT topic levels";

    private static final Pattern CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    private Names() {
    }

    /** {@return whether {@code name} is a valid instance name} */
    public static boolean validInstance(String name) {
        return NAME.matcher(name).matches();
    }

    /** {@return whether {@code name} is a valid process name} */
    public static boolean validProcess(String name) {
        return problemWithProcess(name).isEmpty();
    }

    /**
     * {@return what is wrong with {@code name} as a process name ("process name 'a/b' may only use
     * letters, …"), or empty when it is one}; the text is escaped by whoever shows it
     */
    public static Optional<String> problemWithProcess(String name) {
        String shown = name.length() > 2 * MAX_LENGTH ? name.substring(0, 2 * MAX_LENGTH) + "…" : name;
        if (!CHARACTERS.matcher(name).matches()) {
            return Optional.of("process name '" + shown + "' may only use letters, digits, '.', '_' and '-', because " + WHY);
        }
        if (name.startsWith("-") || name.startsWith(".")) {
            return Optional.of("process name '" + shown + "' must not start with '-' or '.', because " + WHY);
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("process name '" + shown + "' has " + name.length() + " characters; at most "
                    + MAX_LENGTH + " are allowed, because " + WHY);
        }
        if (name.equalsIgnoreCase(RESERVED)) {
            return Optional.of("process name '" + name + "' is reserved: the orchestrator's own lines start with ["
                    + RESERVED + "]; choose another name");
        }
        return Optional.empty();
    }
}

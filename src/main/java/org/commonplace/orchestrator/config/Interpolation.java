package org.commonplace.orchestrator.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Docker Compose's variable interpolation, for one string: {@code ${VAR}},
 * {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}} (unset), {@code ${VAR:?message}}
 * and {@code ${VAR?message}} (an error), {@code ${VAR:+other}} and {@code ${VAR+other}}, and
 * {@code $$} for a literal {@code $}. Defaults may hold interpolations themselves
 * ({@code ${A:-${B}}}), as in Compose v2.
 *
 * <p>Written here rather than taken from a library: commons-text's {@code StringSubstitutor} (the
 * one candidate that resolves here) has one default delimiter and no error form, so it can tell
 * neither {@code :-} from {@code -} nor express {@code :?}. Unlike Compose, a variable that is unset
 * and has no default is an error (not an empty string with a warning), and a {@code $} that starts
 * none of the forms above is kept as it is, the unbraced {@code $VAR} included: MQTT's
 * {@code $SYS} topics, the {@code $} that ends a regular expression in a {@code ready} pattern and
 * the shell's own {@code $HOME} in an {@code exec} check need no escaping. {@code ${REPLICA}} is
 * kept too: it is each replica's number, filled in when the replicas are made ({@code "replicas"}).
 */
final class Interpolation {
    /** Nesting deeper than this is a mistake (or an attack on the stack), not a config. */
    private static final int MAX_DEPTH = 10;

    /** Why a string could not be interpolated; the message names the variable. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final Function<String, Optional<String>> lookup;

    /** @param lookup the value of a variable, or empty when it is unset */
    Interpolation(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** {@return the text with every variable replaced}; text without {@code $} comes back as it is */
    String apply(String text) throws Failure {
        if (text.indexOf('$') < 0) {
            return text;
        }
        return expand(text, 0);
    }

    private String expand(String text, int depth) throws Failure {
        if (depth > MAX_DEPTH) {
            throw new Failure("interpolations are nested more than " + MAX_DEPTH + " deep");
        }
        var out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = closingBrace(text, i + 2);
                if (close < 0) {
                    throw new Failure("\"${\" without a closing \"}\" in " + FieldReader.quoted(text));
                }
                out.append(braced(text.substring(i + 2, close), depth));
                i = close + 1;
            } else {
                out.append(c); // "$SYS", "$1", "ok$": not an interpolation, kept literally
                i++;
            }
        }
        return out.toString();
    }

    /** {@code body} is what is between "${" and "}": a name, then optionally an operator and a word. */
    private String braced(String body, int depth) throws Failure {
        int end = body.isEmpty() || !nameStart(body.charAt(0)) ? 0 : nameEnd(body, 0);
        String name = body.substring(0, end);
        if (name.isEmpty()) {
            throw new Failure("\"${" + body + "}\" does not start with a variable name");
        }
        if (end == body.length()) {
            if (name.equals(ReplicaNames.VARIABLE)) {
                // Not the config's to fill: each replica gets its own number when it is started.
                return "${" + name + "}";
            }
            return lookup.apply(name).orElseThrow(() -> unset(name));
        }
        boolean colon = body.charAt(end) == ':';
        int opAt = colon ? end + 1 : end;
        if (opAt >= body.length() || "-?+".indexOf(body.charAt(opAt)) < 0) {
            throw new Failure("\"${" + body + "}\": after the name comes }, :-, -, :?, ?, :+ or +");
        }
        char op = body.charAt(opAt);
        String word = body.substring(opAt + 1);
        Optional<String> value = lookup.apply(name);
        // With the colon an empty value counts as unset, as in the shell.
        boolean set = value.isPresent() && !(colon && value.get().isEmpty());
        return switch (op) {
            case '-' -> set ? value.get() : expand(word, depth + 1);
            case '+' -> set ? expand(word, depth + 1) : "";
            default -> {
                if (!set) {
                    String why = expand(word, depth + 1);
                    throw new Failure("variable " + name + (colon ? " is unset or empty" : " is unset")
                            + (why.isEmpty() ? "" : ": " + why));
                }
                yield value.get();
            }
        };
    }

    /** {@return the index of the "}" that closes a "${" whose body starts at {@code from}, or -1} */
    private static int closingBrace(String text, int from) {
        int open = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                open++;
                i++;
            } else if (c == '}' && --open == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Failure unset(String name) {
        return new Failure("variable " + name + " is not set (give it a default: ${" + name
                + ":-value}, or write $$ for a literal $)");
    }

    static boolean nameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean namePart(char c) {
        return nameStart(c) || (c >= '0' && c <= '9');
    }

    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && namePart(text.charAt(i))) {
            i++;
        }
        return i;
    }
}

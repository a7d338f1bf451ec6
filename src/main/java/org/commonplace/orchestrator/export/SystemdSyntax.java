package org.commonplace.orchestrator.export;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writing values as systemd's unit file parser reads them (systemd.syntax(7), systemd.service(5)):
 * {@code %} starts a specifier everywhere, {@code $} a variable in command lines, quotes group words,
 * and backslash escapes are C's. A word that needs none of it is written bare.
 */
final class SystemdSyntax {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_@+=:,./-]+");

    private SystemdSyntax() {
    }

    /** {@return the command line for ExecStart=: each word quoted only when it must be} */
    static String commandLine(List<String> argv) {
        return argv.stream().map(SystemdSyntax::execWord).collect(Collectors.joining(" "));
    }

    /** One word of a command line: {@code $} doubled (no variable), a lone {@code ;} escaped (no second command). */
    static String execWord(String word) {
        if (word.equals(";")) {
            return "\\;";
        }
        if (BARE.matcher(word).matches()) {
            return word;
        }
        return "\"" + escape(word).replace("$", "$$") + "\"";
    }

    /** {@return {@code "NAME=VALUE"} for Environment= (which expands specifiers, not variables)} */
    static String assignment(String name, String value) {
        return "\"" + escape(name + "=" + value) + "\"";
    }

    /** {@return a free-text value (Description=, WorkingDirectory=) with its specifiers made literal} */
    static String text(String value) {
        var out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c == '%' ? "%%" : c < 0x20 || c == 0x7f ? "?" : String.valueOf(c));
        }
        return out.toString();
    }

    private static String escape(String value) {
        var out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '%' -> out.append("%%");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

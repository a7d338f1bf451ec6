package org.commonplace.orchestrator.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads an env file the way Docker Compose does: {@code NAME=value} lines, {@code #} comments
 * (inline only after a space, or after a closing quote), an optional {@code export} prefix, single
 * quotes taken literally, double quotes with {@code \n \r \t \\ \" \$} escapes, values in quotes that
 * span lines, and interpolation ({@link Interpolation}) in unquoted and double-quoted values, from
 * the variables set earlier in the file, then the outside ones. A bare {@code NAME} takes its value
 * from the outside, and is skipped when that is unset.
 *
 * <p>Written here rather than taken from dotenv-java, which follows Ruby dotenv's rules: it does
 * not interpolate, reads {@code \n} in single quotes, and takes an unquoted {@code #} as a comment.
 */
final class DotEnv {
    /** A variable, and the 1-based line where it is set. */
    record Entry(String name, String value, int line) {
    }

    /** Something the file got wrong, at a 1-based line and column. */
    record Error(Position at, String message) {
    }

    /** The variables in file order (a later one of the same name is kept too; the caller lets it win). */
    record Parsed(List<Entry> entries, List<Error> errors) {
    }

    private final String text;
    private final Function<String, Optional<String>> outside;
    private final Map<String, String> seen = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Error> errors = new ArrayList<>();
    private int i;
    private int line = 1;
    private int lineStart;

    private DotEnv(String text, Function<String, Optional<String>> outside) {
        this.text = text.replace("\r\n", "\n");
        this.outside = outside;
    }

    /** Parses a whole file; never throws for bad input (every bad line is an error, the rest is read). */
    static Parsed parse(String text, Function<String, Optional<String>> outside) {
        DotEnv parser = new DotEnv(text, outside);
        parser.run();
        return new Parsed(List.copyOf(parser.entries), List.copyOf(parser.errors));
    }

    private void run() {
        while (i < text.length() && errors.size() < Limits.MAX_ENV) {
            try {
                entry();
            } catch (Failure f) {
                errors.add(new Error(f.at, f.getMessage()));
                skipToLineEnd();
            }
            if (i < text.length() && text.charAt(i) == '\n') {
                newline();
            }
        }
    }

    private void entry() throws Failure {
        skipBlanks();
        if (atLineEnd() || text.charAt(i) == '#') {
            skipToLineEnd();
            return;
        }
        if (text.startsWith("export", i) && i + 6 < text.length() && isBlank(text.charAt(i + 6))) {
            i += 6;
            skipBlanks();
        }
        int nameAt = i;
        while (i < text.length() && nameChar(text.charAt(i))) {
            i++;
        }
        String name = text.substring(nameAt, i);
        if (name.isEmpty() || !Interpolation.nameStart(name.charAt(0))) {
            throw new Failure(position(nameAt), "expected NAME=value, got " + FieldReader.quoted(restOfLine(nameAt)));
        }
        skipBlanks();
        if (atLineEnd() || text.charAt(i) == '#') {
            skipToLineEnd();
            outside.apply(name).ifPresent(value -> add(name, value, line));
            return;
        }
        if (text.charAt(i) != '=') {
            throw new Failure(position(i), "expected '=' after " + name + ", got " + FieldReader.quoted(restOfLine(i)));
        }
        i++;
        skipBlanks();
        int valueLine = line;
        int valueAt = i;
        String value;
        if (i < text.length() && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
            char quote = text.charAt(i);
            String raw = quoted(quote);
            afterClosingQuote();
            value = quote == '"' ? interpolate(raw, valueAt, valueLine) : raw;
        } else {
            value = interpolate(unquoted(), valueAt, valueLine);
        }
        if (value.indexOf('\0') >= 0) {
            throw new Failure(new Position(valueLine, column(valueAt)), "the value of " + name
                    + " contains a NUL character, which cannot be passed to a program");
        }
        add(name, value, valueLine);
    }

    private void add(String name, String value, int at) {
        seen.put(name, value);
        entries.add(new Entry(name, value, at));
    }

    /** Reads a quoted value up to its closing quote, lines included, with its escapes applied. */
    private String quoted(char quote) throws Failure {
        Position open = position(i);
        i++;
        var value = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == quote) {
                i++;
                return value.toString();
            }
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                String escaped = quote == '\'' ? (next == '\'' ? "'" : null) : switch (next) {
                    case 'n' -> "\n";
                    case 'r' -> "\r";
                    case 't' -> "\t";
                    case '\\' -> "\\";
                    case '"' -> "\"";
                    case '$' -> "$$"; // stays a literal "$" through interpolation
                    default -> null;
                };
                if (escaped != null) {
                    value.append(escaped);
                    i += 2;
                    continue;
                }
            }
            if (c == '\n') {
                newline();
                value.append('\n');
                continue;
            }
            value.append(c);
            i++;
        }
        throw new Failure(open, "the value's opening " + quote + " is never closed");
    }

    private void afterClosingQuote() throws Failure {
        skipBlanks();
        if (!atLineEnd() && text.charAt(i) != '#') {
            throw new Failure(position(i), "unexpected " + FieldReader.quoted(restOfLine(i))
                    + " after the closing quote (a comment starts with #)");
        }
        skipToLineEnd();
    }

    /** An unquoted value: to the end of the line or a " #" comment, trailing blanks dropped. */
    private String unquoted() {
        int start = i;
        int end = i;
        while (i < text.length() && text.charAt(i) != '\n') {
            char c = text.charAt(i);
            if (c == '#' && i > start && isBlank(text.charAt(i - 1))) {
                break;
            }
            i++;
            if (!isBlank(c)) {
                end = i;
            }
        }
        skipToLineEnd();
        return text.substring(start, end);
    }

    private String interpolate(String raw, int at, int atLine) throws Failure {
        try {
            return new Interpolation(name -> seen.containsKey(name) ? Optional.of(seen.get(name)) : outside.apply(name))
                    .apply(raw);
        } catch (Interpolation.Failure e) {
            throw new Failure(new Position(atLine, column(at)), e.getMessage());
        }
    }

    private int column(int at) {
        int start = text.lastIndexOf('\n', at - 1) + 1;
        return at - start + 1;
    }

    private Position position(int at) {
        return new Position(line, at - lineStart + 1);
    }

    private String restOfLine(int from) {
        int end = text.indexOf('\n', from);
        String rest = text.substring(from, end < 0 ? text.length() : end);
        return rest.length() > 40 ? rest.substring(0, 40) + "…" : rest;
    }

    private void newline() {
        i++;
        line++;
        lineStart = i;
    }

    private void skipBlanks() {
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
    }

    private void skipToLineEnd() {
        while (i < text.length() && text.charAt(i) != '\n') {
            i++;
        }
    }

    private boolean atLineEnd() {
        return i >= text.length() || text.charAt(i) == '\n';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** Compose also accepts dots and dashes in names (Java properties style). */
    private static boolean nameChar(char c) {
        return Interpolation.nameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    private static final class Failure extends Exception {
        private final Position at;

        Failure(Position at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }
}

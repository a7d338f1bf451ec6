package org.commonplace.orchestrator.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into words as a POSIX shell would, without expansions: whitespace separates words;
 * single quotes keep everything literally; double quotes keep everything but backslash escapes of
 * {@code \ " $ `}; a backslash outside quotes escapes the next character. Used for
 * {@code --extra-args NAME="--port 3001 --name 'my store'"}. None of our libraries does this (picocli
 * splits on a fixed separator only), and it is small.
 */
final class ShellWords {
    private ShellWords() {
    }

    /** @throws IllegalArgumentException for an unclosed quote or a trailing backslash */
    static List<String> split(String text) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed single quote in \"" + text + "\"");
                }
                word.append(text, i + 1, close);
                i = close;
                inWord = true;
            } else if (c == '"') {
                i = readDoubleQuoted(text, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("trailing backslash in \"" + text + "\"");
                }
                word.append(text.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Reads up to the closing double quote; returns its index. */
    private static int readDoubleQuoted(String text, int from, StringBuilder word) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < text.length() && "\\\"$`".indexOf(text.charAt(i + 1)) >= 0) {
                word.append(text.charAt(++i));
            } else {
                word.append(c);
            }
        }
        throw new IllegalArgumentException("unclosed double quote in \"" + text + "\"");
    }
}

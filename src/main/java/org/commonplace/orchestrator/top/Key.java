package org.commonplace.orchestrator.top;

/**
 * A key as {@code top} understands it, apart from the terminal library's types, so the view model is
 * tested without a terminal.
 *
 * @param kind what was pressed
 * @param ch   the character, for {@link Kind#CHAR}
 */
record Key(Kind kind, char ch) {
    enum Kind { CHAR, UP, DOWN, ENTER, ESCAPE, BACKSPACE, CTRL_C, EOF, OTHER }

    static Key of(Kind kind) {
        return new Key(kind, '\0');
    }

    static Key of(char ch) {
        return new Key(Kind.CHAR, ch);
    }
}

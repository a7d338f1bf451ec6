package org.commonplace.orchestrator.output;

/**
 * Makes text safe to print on one line of a terminal: every control character — C0 (below U+0020),
 * DEL and C1 (U+0080 to U+009F) — is written as an escape ({@code \n}, {@code \r}, {@code \t},
 * {@code \e}, else {@code \xNN} or {@code \u0085}), so text a child chose (its command line, an HTTP
 * status line, an error message, a path) can neither start a line that looks like ours nor move the
 * cursor, clear the screen or retitle the window.
 */
public final class ControlChars {
    private ControlChars() {
    }

    /** {@return {@code text} with every control character escaped; the same string when there is none} */
    public static String escape(String text) {
        int first = firstControl(text);
        if (first < 0) {
            return text;
        }
        var out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x1b -> out.append("\\e");
                default -> out.append(c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@return whether {@code c} is a control character: C0, DEL or C1} (the one rule every escape here follows) */
    public static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
    }
}

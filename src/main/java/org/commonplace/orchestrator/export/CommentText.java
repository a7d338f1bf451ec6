package org.commonplace.orchestrator.export;

/**
 * Text from the config put in a comment of an exported file (a YAML {@code #} note, a unit's
 * {@code #} header). A comment ends at the first line break its reader knows: YAML 1.1 readers
 * (PyYAML, go-yaml, SnakeYAML) take CR, NEL (U+0085), LS (U+2028) and PS (U+2029) for one as well as
 * LF, and a value that ended the comment early would start a line of its own: a document of YAML, a
 * unit's {@code ExecStartPre=}. So every control character (C0, DEL, C1) and LS and PS are written as
 * escapes ({@code \n}, {@code \r}, {@code \t}, {@code \e}, {@code \xNN}, {@code \u0085}, {@code \u2028}).
 */
final class CommentText {
    private CommentText() {
    }

    /** {@return {@code text} with nothing left in it that could end a comment line} */
    static String escape(String text) {
        var out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x1b -> out.append("\\e");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (c >= 0x80 && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

package org.commonplace.orchestrator.control;

import org.commonplace.orchestrator.output.ControlChars;

/**
 * One line of {@code logs} as it is printed: {@code [name] text}, every control character escaped.
 * On a terminal a carriage return is the one kept, since progress bars draw with it; as on the live
 * console (output.CarriageReturns), each one inside the line is followed by the prefix again, so
 * {@code x\r[db] forged} cannot overwrite whose line it is. A carriage return that ends the line
 * (a {@code \r\n} line end) gets no prefix.
 */
final class LogLine {
    private LogLine() {
    }

    static String format(String name, String text, boolean terminal) {
        String prefix = "[" + ControlChars.escape(name) + "] ";
        if (!terminal || text.indexOf('\r') < 0) {
            return prefix + ControlChars.escape(text);
        }
        var line = new StringBuilder(prefix);
        int from = 0;
        int cr;
        while ((cr = text.indexOf('\r', from)) >= 0) {
            line.append(ControlChars.escape(text.substring(from, cr))).append('\r');
            from = cr + 1;
            if (from < text.length()) {
                line.append(prefix);
            }
        }
        return line.append(ControlChars.escape(text.substring(from))).toString();
    }
}

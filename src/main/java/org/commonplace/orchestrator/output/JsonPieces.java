package org.commonplace.orchestrator.output;

import java.util.Arrays;
import java.util.Base64;

/**
 * Writes lines and pieces of lines as JSON objects ({@code --log-format json}) into a {@link LineBatch}:
 * after the framing's head (which opens the object and its {@code line} string), the line's bytes
 * escaped, then the end of the object; a piece that is not its line's last says {@code "partial":true},
 * and bytes that are not all UTF-8 are given again in {@code line_base64}, so nothing is lost.
 */
final class JsonPieces {
    private static final byte[] END = Framing.utf8("\"}\n");
    private static final byte[] PARTIAL_END = Framing.utf8("\",\"partial\":true}\n");
    private static final byte[] BASE64 = Framing.utf8("\",\"line_base64\":\"");

    private JsonPieces() {
    }

    /** Appends a whole line with nothing to escape ({@code len} without its newline): the flood's usual case, two copies. */
    static void appendPlainLine(LineBatch batch, byte[] head, byte[] src, int off, int len) {
        int need = head.length + len + END.length;
        if (batch.len + need > batch.bytes.length) {
            batch.ensure(need);
        }
        byte[] out = batch.bytes;
        int at = batch.len;
        System.arraycopy(head, 0, out, at, head.length);
        System.arraycopy(src, off, out, at + head.length, len);
        at += head.length + len;
        out[at] = '"';
        out[at + 1] = '}';
        out[at + 2] = '\n';
        batch.len += need;
    }

    /**
     * Appends one piece: {@code raw[off, off+len)} escaped ({@code plain}: nothing in it needs escaping,
     * so it is copied), and in base64 as well when it is not all UTF-8.
     *
     * @param last whether the piece ends its line; else it is marked partial
     */
    static void appendPiece(LineBatch batch, byte[] head, byte[] raw, int off, int len, boolean last, boolean plain) {
        batch.ensure(head.length + JsonText.maxLength(len) + BASE64.length + (len + 2) / 3 * 4 + PARTIAL_END.length);
        batch.put(head, 0, head.length);
        int end;
        if (plain) {
            System.arraycopy(raw, off, batch.bytes, batch.len, len);
            end = batch.len + len;
        } else {
            end = JsonText.append(raw, off, len, batch.bytes, batch.len);
        }
        if (end < 0) {
            batch.len = -end - 1;
            batch.put(BASE64, 0, BASE64.length);
            byte[] encoded = Base64.getEncoder().encode(Arrays.copyOfRange(raw, off, off + len));
            batch.put(encoded, 0, encoded.length);
        } else {
            batch.len = end;
        }
        byte[] tail = last ? END : PARTIAL_END;
        batch.put(tail, 0, tail.length);
    }
}

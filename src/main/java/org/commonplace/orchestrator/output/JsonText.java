package org.commonplace.orchestrator.output;

/**
 * Bytes as the contents of a JSON string: valid UTF-8 is copied as it is, {@code "} and {@code \}
 * and control characters are escaped, and each byte that is not part of valid UTF-8 becomes U+FFFD
 * (the caller then adds the exact bytes in base64, so nothing is lost and every parser copes).
 */
final class JsonText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private JsonText() {
    }

    /** Printable ASCII but {@code "} and {@code \}: copied as it is. (Bytes are signed: non-ASCII is negative.) */
    private static boolean plain(int b) {
        return b >= 0x20 && b != '"' && b != '\\' && b != 0x7f;
    }

    /** {@return the most bytes {@link #append} may write for {@code len} bytes} */
    static int maxLength(int len) {
        return len * 6;
    }

    /**
     * Appends {@code src[off, off+len)} escaped to {@code dst} at {@code at} (room for {@link
     * #maxLength} bytes is the caller's business).
     *
     * @return the new end in {@code dst}, negated minus one when some byte was not valid UTF-8
     */
    static int append(byte[] src, int off, int len, byte[] dst, int at) {
        boolean invalid = false;
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = src[i];
            if (plain(b)) {
                int run = i + 1;
                while (run < end && plain(src[run])) {
                    run++;
                }
                System.arraycopy(src, i, dst, at, run - i);
                at += run - i;
                i = run;
                continue;
            }
            if (b >= 0) {
                dst[at++] = '\\';
                switch (b) {
                    case '"' -> dst[at++] = '"';
                    case '\\' -> dst[at++] = '\\';
                    case '\n' -> dst[at++] = 'n';
                    case '\r' -> dst[at++] = 'r';
                    case '\t' -> dst[at++] = 't';
                    default -> {
                        dst[at++] = 'u';
                        dst[at++] = '0';
                        dst[at++] = '0';
                        dst[at++] = HEX[b >> 4];
                        dst[at++] = HEX[b & 15];
                    }
                }
                i++;
                continue;
            }
            int n = sequenceLength(src, i, end);
            if (n > 0) {
                System.arraycopy(src, i, dst, at, n);
                at += n;
                i += n;
            } else {
                invalid = true;
                dst[at++] = (byte) 0xef;
                dst[at++] = (byte) 0xbf;
                dst[at++] = (byte) 0xbd;
                i++;
            }
        }
        return invalid ? -at - 1 : at;
    }

    /** {@return the length of the valid UTF-8 sequence (2..4 bytes) starting at {@code i}, or 0} */
    private static int sequenceLength(byte[] s, int i, int end) {
        int b = s[i] & 0xff;
        int n;
        int min;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int cp = b & (0x7f >> n);
        for (int k = 1; k < n; k++) {
            int c = s[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return n;
    }
}

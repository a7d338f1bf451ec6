package org.commonplace.orchestrator.output;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes a moment as ISO 8601 with three digits of milliseconds and the local offset
 * ({@code 2026-12-01T14:05:09.120+01:00}) or in UTC ({@code 2026-12-01T13:05:09.120Z}). The date,
 * time and offset are worked out with java.time once per second; within the second only the three
 * digits change, so a flood pays a few byte stores per batch. Not thread-safe: one per user.
 */
public final class Stamp {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private final ZoneId zone;
    private final boolean utc;
    private long second = Long.MIN_VALUE;
    private long millis = Long.MIN_VALUE;
    /** "yyyy-MM-ddTHH:mm:ss.SSS" + offset; the milliseconds are at index 20..22. */
    private byte[] text = new byte[0];

    public Stamp(boolean utc) {
        this.utc = utc;
        this.zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
    }

    /** {@return the text for {@code epochMillis}: a shared array, valid until the next call} */
    public byte[] format(long epochMillis) {
        if (epochMillis == millis) {
            return text;
        }
        long sec = Math.floorDiv(epochMillis, 1000);
        if (sec != second) {
            ZonedDateTime t = Instant.ofEpochSecond(sec).atZone(zone);
            String s = SECONDS.format(t) + ".000" + (utc ? "Z" : OFFSET.format(t));
            text = s.getBytes(StandardCharsets.US_ASCII);
            second = sec;
        }
        int ms = (int) Math.floorMod(epochMillis, 1000);
        text[20] = (byte) ('0' + ms / 100);
        text[21] = (byte) ('0' + ms / 10 % 10);
        text[22] = (byte) ('0' + ms % 10);
        millis = epochMillis;
        return text;
    }

    /** {@return the length of every text this stamp writes (29 with an offset, 24 in UTC)} */
    public int length() {
        return utc ? 24 : 29;
    }
}

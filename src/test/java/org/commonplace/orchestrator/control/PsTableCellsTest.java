package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The table's cells are written without {@code String.format} (whose first use of a floating-point
 * conversion loads the locale data, a tenth of a {@code ps}): they must read exactly as they did
 * with it, which this test checks against {@code String.format} itself, edge cases and many
 * random values.
 */
final class PsTableCellsTest {
    private static final double[] EDGES = {0, 0.04, 0.05, 0.05000001, 0.14999, 0.15, 0.25, 0.35, 0.45, 0.95, 0.99, 9.94,
            9.95, 9.96, 12.25, 99.95, 100, 512.5, 999.95, 123456.789};

    @Test
    void percentagesHaveOneDecimalRoundedAsFormatDid() {
        var json = JsonNodeFactory.instance;
        for (double v : EDGES) {
            assertThat(PsTable.percent(json.numberNode(v))).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double v = random.nextDouble(0, 400);
            assertThat(PsTable.percent(json.numberNode(v))).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
        assertThat(PsTable.percent(json.numberNode(-1))).isEqualTo("?");
        assertThat(PsTable.percent(json.numberNode(Double.NaN))).isEqualTo("?");
    }

    @Test
    void sizesReadAsFormatWroteThem() {
        long[] edges = {0, 1023, 1024, 1075, 10_188, 10_189, 10_240, 1_048_064, 1_048_576, 10_433_332, 10_433_331,
                5L << 30, 7L << 40, Long.MAX_VALUE};
        for (long n : edges) {
            assertThat(PsTable.bytes(n)).as("%d", n).isEqualTo(formatted(n));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            long n = random.nextLong(0, 1L << (10 + random.nextInt(40)));
            assertThat(PsTable.bytes(n)).as("%d", n).isEqualTo(formatted(n));
        }
    }

    @Test
    void durationsHaveTwoDigitSecondFields() {
        assertThat(PsTable.human(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(PsTable.human(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(PsTable.human(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(PsTable.human(Duration.ofSeconds(600))).isEqualTo("10m00s");
        assertThat(PsTable.human(Duration.ofSeconds(2 * 3600 + 7 * 60 + 59))).isEqualTo("2h07m");
        assertThat(PsTable.human(Duration.ofSeconds(4 * 86400 + 3 * 3600))).isEqualTo("4d03h");
        assertThat(PsTable.human(Duration.ofSeconds(400 * 86400 + 23 * 3600))).isEqualTo("400d23h");
        assertThat(PsTable.human(Duration.ofSeconds(-1))).isEqualTo("0ms");
    }

    /** What {@link PsTable#bytes(long)} printed when it used {@code String.format}. */
    private static String formatted(long n) {
        if (n < 1024) {
            return n + "B";
        }
        double v = n;
        String[] units = {"K", "M", "G", "T"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f%s" : "%.0f%s", v, units[u]);
    }
}

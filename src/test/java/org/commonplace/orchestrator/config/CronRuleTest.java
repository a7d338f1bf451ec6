package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cron dialect of {@code schedule}: five fields, the {@code @} names, and summer time in a named zone. */
final class CronRuleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime berlin(String local) {
        return java.time.LocalDateTime.parse(local).atZone(BERLIN);
    }

    private static List<Instant> times(String cron, ZonedDateTime from, int count) {
        var rule = CronRule.parse(cron);
        var out = new ArrayList<Instant>();
        ZonedDateTime t = from;
        for (int i = 0; i < count; i++) {
            t = rule.next(t).orElseThrow();
            out.add(t.toInstant());
        }
        return out;
    }

    @Test
    void everyFiveMinutesCrossesTheHourAndTheDay() {
        assertThat(times("*/5 * * * *", berlin("2026-12-31T23:52:10"), 3)).containsExactly(
                Instant.parse("2026-12-31T22:55:00Z"), Instant.parse("2026-12-31T23:00:00Z"), Instant.parse("2026-12-31T23:05:00Z"));
    }

    @Test
    void theNamesAreTheirFiveFieldForms() {
        ZonedDateTime from = berlin("2026-12-07T10:15:00");
        assertThat(times("@hourly", from, 1)).isEqualTo(times("0 * * * *", from, 1));
        assertThat(times("@daily", from, 1)).isEqualTo(times("0 0 * * *", from, 1));
        assertThat(times("@midnight", from, 1)).isEqualTo(times("0 0 * * *", from, 1));
        assertThat(times("@weekly", from, 1)).isEqualTo(times("0 0 * * 0", from, 1));
        assertThat(times("@monthly", from, 1)).isEqualTo(times("0 0 1 * *", from, 1));
        assertThat(times("@yearly", from, 1)).isEqualTo(times("0 0 1 1 *", from, 1));
        assertThat(times("@annually", from, 1)).isEqualTo(times("0 0 1 1 *", from, 1));
        assertThat(times("0 9 * * mon-fri", berlin("2026-12-05T12:00:00"), 1)).containsExactly(Instant.parse("2026-12-07T08:00:00Z"));
    }

    @Test
    void aTimeThatSpringForwardSkipsIsSkippedThatDay() {
        // 2026-03-29: Berlin's clocks go from 02:00 to 03:00, so 02:30 does not happen that day.
        assertThat(times("30 2 * * *", berlin("2026-03-28T00:00:00"), 2)).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void aTimeThatFallBackRepeatsRunsOnce() {
        // 2026-10-25: Berlin's clocks go from 03:00 back to 02:00, so 02:30 happens twice; it runs the first time only.
        assertThat(times("30 2 * * *", berlin("2026-10-24T00:00:00"), 3)).containsExactly(
                Instant.parse("2026-10-24T00:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void anIntervalKeepsItsPaceThroughTheRepeatedHour() {
        // Every real half hour runs, the repeated 02:00 and 02:30 included.
        assertThat(times("*/30 * * * *", berlin("2026-10-25T01:50:00"), 4)).containsExactly(
                Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T01:30:00Z"));
    }

    @Test
    void whatIsNotFiveFieldsOrANameIsRefusedInOneLine() {
        assertThatThrownBy(() -> CronRule.parse("* * * * * *")).hasMessageContaining("6 parts").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> CronRule.parse("61 * * * *")).hasMessageContaining("61");
        assertThatThrownBy(() -> CronRule.parse("@reboot")).hasMessage("@reboot is not a time; use \"run_on_start\": true");
        assertThatThrownBy(() -> CronRule.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronRule.parse("@fortnightly")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenBothDayFieldsAreRestrictedEitherMatchesAsInCron() {
        // 2026-12-09 is a Wednesday (day 3), 2026-12-15 the 15th: crontab(5) runs on both.
        assertThat(times("0 0 1,15 * 3", java.time.ZonedDateTime.parse("2026-12-07T10:00:00Z[UTC]"), 3)).containsExactly(
                Instant.parse("2026-12-09T00:00:00Z"), Instant.parse("2026-12-15T00:00:00Z"), Instant.parse("2026-12-16T00:00:00Z"));
    }

    @Test
    void aRuleThatNamesNoDayNamesNoTime() {
        assertThat(CronRule.parse("0 0 30 2 *").next(berlin("2026-01-01T00:00:00"))).isEmpty();
    }
}

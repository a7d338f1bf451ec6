package org.commonplace.orchestrator.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.CronRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A schedule's timer fires when the orchestrator would run it: the OnCalendar= values we write are
 * handed to systemd's own calendar parser ({@code systemd-analyze calendar --base-time}), and its next
 * times must be cron-utils' next times of the rule.
 */
final class SystemdCalendarTest {
    private static final int ITERATIONS = 6;
    private static final Pattern ELAPSE = Pattern.compile("(?:Next elapse|Iter\\. #\\d+): \\w+ (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC");
    private static final DateTimeFormatter SYSTEMD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*/5 9-17 * * mon-fri | Europe/Berlin | 2026-03-27T16:40:00Z",
            "@hourly              | Europe/Berlin | 2026-03-29T00:10:00Z",
            "@weekly              | UTC           | 2026-12-07T10:00:00Z",
            "@monthly             | America/New_York | 2026-12-07T10:00:00Z",
            "0 0 1,15 * 1-3/2     | UTC           | 2026-12-07T10:00:00Z",
            "15 */6 1-10/3 */2 *  | UTC           | 2026-12-07T10:00:00Z",
            "30 2 * * 0,6         | Europe/Berlin | 2026-10-20T00:00:00Z",
    })
    void theTimerFiresWhenTheOrchestratorWouldRun(String cron, String zoneName, String from) throws Exception {
        CronRule rule = CronRule.parse(cron);
        ZoneId zone = ZoneId.of(zoneName);
        Instant base = Instant.parse(from);
        var expected = new ArrayList<Instant>();
        ZonedDateTime t = base.atZone(zone);
        for (int i = 0; i < ITERATIONS; i++) {
            t = rule.next(t).orElseThrow();
            expected.add(t.toInstant());
        }
        var fromSystemd = new TreeSet<Instant>();
        for (String calendar : SystemdCalendar.of(rule, zone)) {
            fromSystemd.addAll(systemd(calendar, base));
        }
        assertThat(fromSystemd.stream().limit(ITERATIONS).toList()).as(SystemdCalendar.of(rule, zone).toString())
                .isEqualTo(expected);
    }

    private static List<Instant> systemd(String calendar, Instant base) throws IOException, InterruptedException {
        var pb = new ProcessBuilder("systemd-analyze", "calendar", "--iterations=" + ITERATIONS,
                "--base-time=" + SYSTEMD.format(base.atOffset(ZoneOffset.UTC)) + " UTC", calendar).redirectErrorStream(true);
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        var times = new ArrayList<Instant>();
        var m = ELAPSE.matcher(out);
        while (m.find()) {
            times.add(LocalDateTime.parse(m.group(1), SYSTEMD).toInstant(ZoneOffset.UTC));
        }
        return times;
    }
}

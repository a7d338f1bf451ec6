package org.commonplace.orchestrator.config;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron expression of a {@code schedule}, parsed by cron-utils in the dialect of Vixie cron's crontab(5):
 * five fields (minute, hour, day of month, month, day of week; 0 and 7 are Sunday, names like {@code mon}
 * and {@code jan} allowed; when both day fields are restricted either may match), or one of the names
 * {@code @hourly}, {@code @daily} ({@code @midnight}), {@code @weekly}, {@code @monthly}, {@code @yearly}
 * ({@code @annually}). {@code @reboot} is {@code "run_on_start"}; seconds are not a field. Immutable;
 * equal when the text is.
 */
public final class CronRule {
    /**
     * cron-utils' UNIX definition, with the {@code @} names, which its own UNIX definition leaves out.
     * Without {@code matchDayOfWeekAndDayOfMonth()}: that would run only on days both fields name, where
     * cron runs on days either names ({@code SystemdCalendarTest} caught it).
     */
    private static final CronDefinition VIXIE = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).withStrictRange().and()
            .withHours().withValidRange(0, 23).withStrictRange().and()
            .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
            .withMonth().withValidRange(1, 12).withStrictRange().and()
            .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
            .withSupportedNicknameHourly().withSupportedNicknameDaily().withSupportedNicknameMidnight()
            .withSupportedNicknameWeekly().withSupportedNicknameMonthly().withSupportedNicknameYearly()
            .withSupportedNicknameAnnually()
            .instance();
    private static final CronParser PARSER = new CronParser(VIXIE);

    private final String text;
    private final String fields;
    private final ExecutionTime times;

    private CronRule(String text, String fields, ExecutionTime times) {
        this.text = text;
        this.fields = fields;
        this.times = times;
    }

    /**
     * {@return the rule of {@code text}}
     *
     * @throws IllegalArgumentException with one line saying what is wrong (the library's words)
     */
    public static CronRule parse(String text) {
        if (text.strip().equals("@reboot")) {
            throw new IllegalArgumentException("@reboot is not a time; use \"run_on_start\": true");
        }
        try {
            var cron = PARSER.parse(text.strip());
            cron.validate();
            return new CronRule(text.strip(), cron.asString(), ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(String.valueOf(e.getMessage()).strip());
        } catch (RuntimeException e) {
            // cron-utils throws others for some malformed input; the user sees one line either way.
            throw new IllegalArgumentException("not a cron expression (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * {@return the first time strictly after {@code after} (in its zone) that the rule names; empty
     * when it names none (Feb 30)}. A local time that a change to summer time skips is skipped that
     * day; one that a change back to winter time repeats comes once, the first time (cron-utils).
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        return times.nextExecution(after).filter(t -> t.isAfter(after));
    }

    /**
     * {@return the five fields as cron-utils writes them back: a name spelled out ({@code @hourly} is
     * {@code 0 * * * *}), day and month names as numbers, Sunday 0}; what the exports translate
     */
    public String fields() {
        return fields;
    }

    /** {@return the expression as written (trimmed)} */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronRule other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

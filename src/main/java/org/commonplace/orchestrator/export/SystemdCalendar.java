package org.commonplace.orchestrator.export;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.config.CronRule;

/**
 * A schedule's cron rule as systemd timer {@code OnCalendar=} values (systemd.time(7)), from the five
 * fields cron-utils writes back ({@link CronRule#fields()}): ranges {@code a-b} become {@code a..b},
 * steps {@code *}{@code /n} become {@code 0/n} (or {@code 1/n} for days and months), a stepped range is
 * written out as a list, and week days as names. Cron runs on either day field when both are
 * restricted, a calendar event only on both: such a rule becomes two values, which a timer ORs.
 */
final class SystemdCalendar {
    private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

    private SystemdCalendar() {
    }

    /** {@return the OnCalendar= values of {@code rule} read in {@code zone}} */
    static List<String> of(CronRule rule, ZoneId zone) {
        String[] f = rule.fields().trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("cron rule \"" + rule + "\" has no five fields to translate: " + rule.fields());
        }
        String minute = field(f[0], 0, 59, 0);
        String hour = field(f[1], 0, 23, 0);
        String day = field(f[2], 1, 31, 1);
        String month = field(f[3], 1, 12, 1);
        String time = " " + hour + ":" + minute + ":00 " + zone.getId();
        boolean days = !f[2].equals("*");
        boolean weekdays = !f[4].equals("*");
        String weekday = weekdays ? weekdays(f[4]) + " " : "";
        if (days && weekdays) {
            return List.of("*-" + month + "-" + day + time, weekday + "*-" + month + "-*" + time);
        }
        return List.of(weekday + "*-" + month + "-" + day + time);
    }

    /** One numeric field: each element of its list as systemd writes it. */
    private static String field(String cron, int min, int max, int stepStart) {
        var out = new ArrayList<String>();
        for (String element : cron.split(",")) {
            out.add(element(element, min, max, stepStart));
        }
        return String.join(",", out);
    }

    private static String element(String e, int min, int max, int stepStart) {
        if (e.equals("*")) {
            return "*";
        }
        int slash = e.indexOf('/');
        if (slash < 0) {
            int dash = e.indexOf('-');
            return dash < 0 ? two(Integer.parseInt(e)) : two(Integer.parseInt(e.substring(0, dash))) + ".."
                    + two(Integer.parseInt(e.substring(dash + 1)));
        }
        String base = e.substring(0, slash);
        int step = Integer.parseInt(e.substring(slash + 1));
        if (base.equals("*")) {
            return two(stepStart) + "/" + step;
        }
        int dash = base.indexOf('-');
        if (dash < 0) {
            return two(Integer.parseInt(base)) + "/" + step;
        }
        var values = new ArrayList<String>();
        for (int v = Integer.parseInt(base.substring(0, dash)); v <= Math.min(max, Integer.parseInt(base.substring(dash + 1))); v += step) {
            values.add(two(Math.max(min, v)));
        }
        return String.join(",", values);
    }

    /** The day-of-week field (0 to 6, Sunday 0) as names: every day it names, listed. */
    private static String weekdays(String cron) {
        boolean[] on = new boolean[7];
        for (String e : cron.split(",")) {
            int slash = e.indexOf('/');
            int step = slash < 0 ? 1 : Integer.parseInt(e.substring(slash + 1));
            String base = slash < 0 ? e : e.substring(0, slash);
            int from;
            int to;
            if (base.equals("*")) {
                from = 0;
                to = 6;
            } else if (base.contains("-")) {
                from = Integer.parseInt(base.substring(0, base.indexOf('-')));
                to = Integer.parseInt(base.substring(base.indexOf('-') + 1));
            } else {
                from = Integer.parseInt(base);
                to = slash < 0 ? from : 6;
            }
            for (int d = from; d <= to; d += step) {
                on[d % 7] = true;
            }
        }
        var names = new ArrayList<String>();
        for (int d = 1; d <= 7; d++) {
            if (on[d % 7]) {
                names.add(DAYS[d % 7]);
            }
        }
        return String.join(",", names);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}

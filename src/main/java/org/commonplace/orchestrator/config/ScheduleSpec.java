package org.commonplace.orchestrator.config;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * A process's {@code schedule}: it runs as a job at the times of a cron rule, in a time zone.
 *
 * @param cron       when it runs
 * @param zone       the zone the rule's times are read in (default: the machine's)
 * @param overlap    what a run that falls due while the last one still goes does
 * @param runOnStart whether it also runs when the orchestrator starts (or the reload that adds it)
 */
public record ScheduleSpec(CronRule cron, ZoneId zone, Overlap overlap, boolean runOnStart) {
    /** What a run that falls due while the previous run still goes does. */
    public enum Overlap {
        /** It is skipped (said in one line). */
        SKIP,
        /** It starts once the running one has ended; at most one waits so. */
        QUEUE,
        /** The running one is stopped (its stop signal, then its timeout) and the new one started. */
        REPLACE;

        /** {@return the word of the config file} */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Overlap> fromWord(String word) {
            for (Overlap o : values()) {
                if (o.word().equals(word)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }
}

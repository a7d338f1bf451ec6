package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a process's {@code schedule} ({@code cron}, {@code time_zone}, {@code overlap},
 * {@code run_on_start}) and its {@code replicas}. A scheduled process is a job that ends: like an
 * {@code exit} ready check it needs restart policy "never" or "on_failure".
 */
final class ScheduleValidator {
    static final List<String> FIELDS = List.of("cron", "time_zone", "overlap", "run_on_start");
    private static final String OVERLAPS = String.join(", ",
            Arrays.stream(ScheduleSpec.Overlap.values()).map(o -> "\"" + o.word() + "\"").toList());

    private final Problems problems;
    private final FieldReader read;

    ScheduleValidator(Problems problems) {
        this.problems = problems;
        this.read = new FieldReader(problems);
    }

    /** {@return the schedule with defaults applied; empty when absent or wrong (errors recorded)} */
    Optional<ScheduleSpec> schedule(String path, ObjectNode process) {
        JsonNode node = process.get("schedule");
        if (node == null) {
            return Optional.empty();
        }
        Optional<ObjectNode> found = read.object(path, node, "an object with \"cron\"");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode schedule = found.get();
        read.unknownFields(path, schedule, FIELDS);
        int errorsBefore = problems.errorCount();
        Optional<CronRule> cron = Optional.empty();
        if (!schedule.has("cron")) {
            problems.error(path + ".cron", "missing required field 'cron' (e.g. \"*/5 * * * *\" or \"@hourly\")");
        } else {
            cron = read.string(path + ".cron", schedule.get("cron")).flatMap(text -> cron(path + ".cron", text));
        }
        ZoneId zone = read.string(path + ".time_zone", schedule.get("time_zone"))
                .flatMap(text -> zone(path + ".time_zone", text)).orElse(ZoneId.systemDefault());
        ScheduleSpec.Overlap overlap = read.string(path + ".overlap", schedule.get("overlap")).flatMap(word -> {
            var known = ScheduleSpec.Overlap.fromWord(word);
            if (known.isEmpty()) {
                problems.error(path + ".overlap", "unknown overlap \"" + word + "\"; use one of " + OVERLAPS);
            }
            return known;
        }).orElse(ScheduleSpec.Overlap.SKIP);
        boolean runOnStart = read.bool(path + ".run_on_start", schedule.get("run_on_start")).orElse(false);
        checkPolicy(path, process.path("restart").path("policy"));
        if (cron.isPresent() && cron.get().next(ZonedDateTime.now(zone)).isEmpty()) {
            problems.error(path + ".cron", "\"" + cron.get() + "\" names no time that comes (a day no month has?)");
        }
        if (problems.errorCount() > errorsBefore || cron.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleSpec(cron.get(), zone, overlap, runOnStart));
    }

    /** {@return the replica count, 1 to {@link ProcessSpec#MAX_REPLICAS}; {@link ProcessSpec#NOT_REPLICATED} when absent} */
    int replicas(String path, JsonNode node) {
        return (int) read.wholeNumber(path, node, 1, ProcessSpec.MAX_REPLICAS, "the most replicas of one process")
                .orElse(ProcessSpec.NOT_REPLICATED);
    }

    private Optional<CronRule> cron(String path, String text) {
        try {
            return Optional.of(CronRule.parse(text));
        } catch (IllegalArgumentException e) {
            problems.error(path, "\"" + text + "\" is not a cron expression: " + e.getMessage()
                    + " (five fields: minute hour day-of-month month day-of-week, or @hourly, @daily, @weekly,"
                    + " @monthly, @yearly)");
            return Optional.empty();
        }
    }

    private Optional<ZoneId> zone(String path, String text) {
        try {
            return Optional.of(ZoneId.of(text));
        } catch (DateTimeException e) {
            problems.error(path, "unknown time zone \"" + text + "\"; use a name like \"Europe/Berlin\" or \"UTC\"");
            return Optional.empty();
        }
    }

    private void checkPolicy(String path, JsonNode policyNode) {
        String got;
        if (policyNode.isMissingNode()) {
            got = "\"always\" (the default)";
        } else if (policyNode.isTextual() && policyNode.asText().equals(RestartPolicy.ALWAYS.word())) {
            got = "\"always\"";
        } else {
            return;
        }
        problems.error(path, "a scheduled job needs restart policy \"never\" or \"on_failure\" (a process that is"
                + " always restarted never ends, so it would never run at its times), got " + got);
    }
}

package org.commonplace.orchestrator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code watch} keeps of one process's published state object ({@code model.ProcessJson}): the
 * fields it shows, checked one by one. Two rows are equal when they would print the same, so a
 * republished object that only moved {@code cpu_percent} is not a change.
 *
 * @param state         the state in lower case ("running", "backing_off", ...)
 * @param pid           the pid, or 0 when it has none
 * @param restarts      restarts so far
 * @param ready         whether it is ready
 * @param health        "ok", "failing 2", ... or "" when unknown
 * @param lastExit      how it last ended ("code 1", "SIGKILL", "not started"), or "" when it has not
 * @param lastExitAt    when it last ended, or null
 * @param stoppedByHand whether it was stopped by a command
 */
record ProcessRow(String state, long pid, long restarts, boolean ready, String health, String lastExit,
                  Instant lastExitAt, boolean stoppedByHand) {
    private static final Pattern STATE = Pattern.compile("[a-z_]{1,32}");
    private static final Pattern SIGNAL = Pattern.compile("SIG[A-Z0-9]{1,12}|SIGRTM(IN|AX)[+-][0-9]{1,2}");
    private static final int MAX_HEALTH_CHARS = 64;
    private static final long MAX_PID = 4_194_304; // Linux's pid_max ceiling

    /** {@return the row of a state object, or empty when a field it shows is missing or not what ps --json writes} */
    static Optional<ProcessRow> parse(JsonNode o) {
        if (!o.isObject()) {
            return Optional.empty();
        }
        JsonNode state = o.path("state");
        JsonNode pid = o.path("pid");
        JsonNode restarts = o.path("restarts");
        if (!state.isTextual() || !STATE.matcher(state.asText()).matches()
                || !(pid.isNull() || pid.isMissingNode() || isWhole(pid, 1, MAX_PID))
                || !isWhole(restarts, 0, Long.MAX_VALUE)) {
            return Optional.empty();
        }
        JsonNode health = o.path("health");
        if (!(health.isNull() || health.isMissingNode() || health.isTextual() && health.asText().length() <= MAX_HEALTH_CHARS)) {
            return Optional.empty();
        }
        JsonNode exit = o.path("last_exit");
        String lastExit = "";
        Instant lastExitAt = null;
        if (exit.isObject()) {
            if (exit.path("launch_failed").asBoolean(false)) {
                lastExit = "not started";
            } else if (exit.path("signal").isTextual() && SIGNAL.matcher(exit.path("signal").asText()).matches()) {
                lastExit = exit.path("signal").asText() + (exit.path("core_dumped").asBoolean(false) ? " (core dumped)" : "");
            } else if (isWhole(exit.path("code"), 0, 255)) {
                lastExit = "code " + exit.path("code").asLong();
            } else {
                return Optional.empty();
            }
            if (exit.path("at").isTextual()) {
                try {
                    lastExitAt = Instant.parse(exit.path("at").asText());
                } catch (DateTimeException e) {
                    return Optional.empty();
                }
            }
        } else if (!(exit.isNull() || exit.isMissingNode())) {
            return Optional.empty();
        }
        String healthText = health.isTextual() && !health.asText().equals("unknown") ? health.asText() : "";
        return Optional.of(new ProcessRow(state.asText(), pid.isNumber() ? pid.asLong() : 0, restarts.asLong(),
                o.path("ready").asBoolean(false), healthText, lastExit, lastExitAt,
                o.path("stopped_by_hand").asBoolean(false)));
    }

    private static boolean isWhole(JsonNode n, long min, long max) {
        return n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= min && n.asLong() <= max;
    }
}

package org.commonplace.orchestrator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code depends_on} in compose's long syntax: {@code "db": {"condition": "service_healthy",
 * "restart": true, "required": true, "timeout_ms": 120000}}. An entry of the short list form reads as
 * {@link #PLAIN}.
 *
 * @param condition when the dependency lets its dependent start
 * @param restart   whether the dependent is stopped when the dependency goes down (crash, liveness, restart
 *                  by hand) and started again once the dependency is back (compose's {@code restart},
 *                  systemd's {@code BindsTo=})
 * @param required  false: a dependency that is disabled, missing from the config or failed for good does
 *                  not keep its dependent from starting
 * @param timeoutMs after this long waiting, the dependent starts without it (one line says so; systemd's
 *                  {@code Wants=}); {@link #NO_TIMEOUT}: it waits as long as it takes
 */
public record Dependency(Condition condition, boolean restart, boolean required, long timeoutMs) {
    public static final long NO_TIMEOUT = 0;
    /** What an entry of the short list form means: ready, bound to nothing, required, no timeout. */
    public static final Dependency PLAIN = new Dependency(Condition.SERVICE_HEALTHY, false, true, NO_TIMEOUT);

    /** When a dependency lets its dependent start. */
    public enum Condition {
        /** It has started (STARTING or later), ready or not. */
        SERVICE_STARTED("service_started"),
        /** It is ready (its ready check passed; a one-shot job has done its job): what the short form means. */
        SERVICE_HEALTHY("service_healthy"),
        /** It has exited with a success code ({@code restart.success_exit_codes}, or its {@code exit} code) and stays stopped. */
        SERVICE_COMPLETED_SUCCESSFULLY("service_completed_successfully"),
        /** It has exited by itself, with any code, and is not restarted. */
        SERVICE_COMPLETED("service_completed");

        private final String word;

        Condition(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Optional<Condition> fromWord(String word) {
            return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
        }

        public static List<String> words() {
            return Arrays.stream(values()).map(Condition::word).toList();
        }
    }

    /** {@return whether the dependent gives up waiting after {@link #timeoutMs}} */
    public boolean hasTimeout() {
        return timeoutMs != NO_TIMEOUT;
    }

    /** {@return "service_healthy, restart, not required, timeout 120000 ms", as {@code check} prints it} */
    public String describe() {
        return condition.word() + (restart ? ", restart" : "") + (required ? "" : ", not required")
                + (hasTimeout() ? ", timeout " + timeoutMs + " ms" : "");
    }
}

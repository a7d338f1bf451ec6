package org.commonplace.orchestrator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** When a process that exited is started again (the config's {@code restart.policy}). */
public enum RestartPolicy {
    /** Restart after any exit, clean or not. */
    ALWAYS("always"),
    /** Restart after a non-zero exit or a death by signal; a clean exit ends it. */
    ON_FAILURE("on_failure"),
    /** Never restart. */
    NEVER("never");

    private final String word;

    RestartPolicy(String word) {
        this.word = word;
    }

    /** {@return the word used for this policy in the config file} */
    public String word() {
        return word;
    }

    /** {@return the policy the config word names, if it names one} */
    public static Optional<RestartPolicy> fromWord(String word) {
        return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
    }

    /** {@return every config word, in declaration order} */
    public static List<String> words() {
        return Arrays.stream(values()).map(RestartPolicy::word).toList();
    }
}

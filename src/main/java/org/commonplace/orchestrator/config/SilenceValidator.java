package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads {@code liveness.silence_ms}, the output-silence watchdog ({@link Silence}). The rest of the
 * liveness block is {@link HealthValidator}'s, which lets a block hold only this key.
 */
final class SilenceValidator {
    static final String FIELD = "silence_ms";

    private final FieldReader read;

    SilenceValidator(Problems problems) {
        this.read = new FieldReader(problems);
    }

    /** {@return the watchdog of the liveness block {@code node} (absent or not an object: none); errors recorded} */
    Silence silence(String livenessPath, JsonNode node) {
        if (node == null || !node.isObject()) {
            return Silence.none();
        }
        return read.positiveMilliseconds(livenessPath + "." + FIELD, node.get(FIELD)).stream()
                .mapToObj(Silence::new).findFirst().orElse(Silence.none());
    }
}

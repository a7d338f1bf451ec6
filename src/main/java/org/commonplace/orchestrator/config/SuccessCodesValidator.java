package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads {@code restart.success_exit_codes}: the exit codes (0..255, each once, at least one) that end a
 * run as a success, for {@code on_failure} and for one-shot jobs.
 */
final class SuccessCodesValidator {
    private final Problems problems;

    SuccessCodesValidator(Problems problems) {
        this.problems = problems;
    }

    /** {@return the codes; empty when not given or wrong (reported)} */
    Set<Integer> validate(String path, JsonNode node) {
        var codes = new LinkedHashSet<Integer>();
        if (node == null) {
            return codes;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.error(path, "expected a list of exit codes such as [0, 3], got " + FieldReader.describe(node));
            return codes;
        }
        if (node.size() > 256) {
            problems.error(path, "has " + node.size() + " entries; there are only 256 exit codes");
            return codes;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode code = node.get(i);
            String at = JsonPaths.index(path, i);
            if (!code.isIntegralNumber() || !code.canConvertToInt() || code.intValue() < 0 || code.intValue() > 255) {
                problems.error(at, "expected an exit code, a whole number 0..255, got " + FieldReader.describe(code));
            } else if (!codes.add(code.intValue())) {
                problems.error(at, "exit code " + code.intValue() + " is listed twice");
            }
        }
        return codes;
    }
}

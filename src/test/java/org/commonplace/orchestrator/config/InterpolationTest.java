package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Compose's interpolation rules, one form each, with a variable set, empty and unset. */
final class InterpolationTest {
    private static final Map<String, String> VARIABLES = Map.of("PORT", "3000", "EMPTY", "", "HOST", "db");
    private final Interpolation interpolation = new Interpolation(name -> Optional.ofNullable(VARIABLES.get(name)));

    private String apply(String text) throws Interpolation.Failure {
        return interpolation.apply(text);
    }

    @Test
    void bracedVariablesAndTheirDefaultsFollowCompose() throws Exception {
        assertThat(apply("--port ${PORT}")).isEqualTo("--port 3000");
        assertThat(apply("${MISSING:-8080}")).isEqualTo("8080");
        assertThat(apply("${EMPTY:-8080}")).as(":- also replaces an empty value").isEqualTo("8080");
        assertThat(apply("${EMPTY-8080}")).as("- replaces only an unset one").isEmpty();
        assertThat(apply("${MISSING-8080}")).isEqualTo("8080");
        assertThat(apply("${PORT:+on}${MISSING:+on}")).isEqualTo("on");
        assertThat(apply("${EMPTY+set}")).isEqualTo("set");
        assertThat(apply("${MISSING:-${HOST}:${PORT}}")).as("a default may interpolate").isEqualTo("db:3000");
        assertThat(apply("http://${HOST}:${PORT:-1}/x")).isEqualTo("http://db:3000/x");
    }

    @Test
    void replicaIsLeftForTheReplicasToFillEvenWhenTheEnvironmentHasIt() throws Exception {
        assertThat(apply("--port 30${REPLICA}")).isEqualTo("--port 30${REPLICA}");
        assertThat(new Interpolation(name -> Optional.of("9")).apply("${REPLICA}")).isEqualTo("${REPLICA}");
    }

    @Test
    void dollarDollarIsALiteralDollarAndOtherDollarsAreKept() throws Exception {
        assertThat(apply("cost $$5 and $${PORT}")).isEqualTo("cost $5 and ${PORT}");
        assertThat(apply("$SYS/broker/# ready$ $1 $")).as("no braces: not an interpolation").isEqualTo("$SYS/broker/# ready$ $1 $");
        assertThat(apply("no dollar at all")).isEqualTo("no dollar at all");
    }

    @Test
    void unsetWithoutDefaultAndTheErrorFormsFailNamingTheVariable() {
        assertThatThrownBy(() -> apply("${MISSING}")).hasMessage(
                "variable MISSING is not set (give it a default: ${MISSING:-value}, or write $$ for a literal $)");
        assertThatThrownBy(() -> apply("${EMPTY:?set EMPTY to the token}"))
                .hasMessage("variable EMPTY is unset or empty: set EMPTY to the token");
        assertThatThrownBy(() -> apply("${MISSING?}")).hasMessage("variable MISSING is unset");
        assertThat(assertionsPass("${EMPTY?unused}")).isEmpty();
        assertThatThrownBy(() -> apply("${PORT")).hasMessageContaining("without a closing");
        assertThatThrownBy(() -> apply("${1X}")).hasMessageContaining("does not start with a variable name");
        assertThatThrownBy(() -> apply("${PORT*x}")).hasMessageContaining("after the name comes");
    }

    @Test
    void defaultsNestedTooDeepAreAnErrorNotAStackOverflow() throws Exception {
        String ten = "${A:-".repeat(10) + "end" + "}".repeat(10);
        assertThat(apply(ten)).isEqualTo("end");
        String deep = "${A:-".repeat(5000) + "end" + "}".repeat(5000);
        assertThatThrownBy(() -> apply(deep)).hasMessage("interpolations are nested more than 10 deep");
    }

    private String assertionsPass(String text) {
        try {
            return apply(text);
        } catch (Interpolation.Failure e) {
            throw new AssertionError(e.getMessage());
        }
    }
}

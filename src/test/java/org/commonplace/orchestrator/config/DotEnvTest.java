package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples of Compose's env file documentation (docs.docker.com/compose/environment-variables/env-file/). */
final class DotEnvTest {
    private static Map<String, String> values(String text) {
        DotEnv.Parsed parsed = DotEnv.parse(text, name -> Optional.ofNullable(Map.of("OUTSIDE", "out").get(name)));
        assertThat(parsed.errors()).isEmpty();
        var values = new LinkedHashMap<String, String>();
        parsed.entries().forEach(e -> values.put(e.name(), e.value()));
        return values;
    }

    @Test
    void composeDocumentationExamples() {
        assertThat(values("""
                # a comment

                VAR=VAL
                QUOTED="VAL"
                SINGLE='VAL'
                INLINE=VAL # comment
                NOT_COMMENT=VAL# not a comment
                DQ_HASH="VAL # not a comment"
                DQ_COMMENT="VAL" # comment
                LITERAL='$OTHER'
                LITERAL_BRACED='${OTHER}'
                ESCAPED_SINGLE='Let\\'s go!'
                JSON="{\\"hello\\": \\"json\\"}"
                TAB="some\\tvalue"
                NO_TAB='some\\tvalue'
                UNQUOTED_TAB=some\\tvalue
                export EXPORTED=yes
                  INDENTED = spaced value
                """)).containsExactly(
                Map.entry("VAR", "VAL"), Map.entry("QUOTED", "VAL"), Map.entry("SINGLE", "VAL"),
                Map.entry("INLINE", "VAL"), Map.entry("NOT_COMMENT", "VAL# not a comment"),
                Map.entry("DQ_HASH", "VAL # not a comment"), Map.entry("DQ_COMMENT", "VAL"),
                Map.entry("LITERAL", "$OTHER"), Map.entry("LITERAL_BRACED", "${OTHER}"),
                Map.entry("ESCAPED_SINGLE", "Let's go!"), Map.entry("JSON", "{\"hello\": \"json\"}"),
                Map.entry("TAB", "some\tvalue"), Map.entry("NO_TAB", "some\\tvalue"),
                Map.entry("UNQUOTED_TAB", "some\\tvalue"), Map.entry("EXPORTED", "yes"),
                Map.entry("INDENTED", "spaced value"));
    }

    @Test
    void quotedValuesSpanLinesAndLinesAreCountedThroughThem() {
        DotEnv.Parsed parsed = DotEnv.parse("KEY=\"-----BEGIN\nline two\n-----END\"\nNEXT='a\nb'\r\nLAST=1\n",
                name -> Optional.empty());
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.entries()).containsExactly(new DotEnv.Entry("KEY", "-----BEGIN\nline two\n-----END", 1),
                new DotEnv.Entry("NEXT", "a\nb", 4), new DotEnv.Entry("LAST", "1", 6));
    }

    @Test
    void unquotedAndDoubleQuotedValuesInterpolateFromTheFileThenOutside() {
        assertThat(values("""
                HOST=db
                URL=http://${HOST}:${PORT:-5432}
                BOTH="${OUTSIDE}-${HOST}"
                KEPT='${HOST}'
                ESCAPED="\\${HOST} $${HOST}"
                OUTSIDE
                NOT_SET_ANYWHERE
                """)).containsExactly(Map.entry("HOST", "db"), Map.entry("URL", "http://db:5432"),
                Map.entry("BOTH", "out-db"), Map.entry("KEPT", "${HOST}"), Map.entry("ESCAPED", "${HOST} ${HOST}"),
                Map.entry("OUTSIDE", "out"));
    }

    @Test
    void badLinesAreErrorsAtTheirLineAndColumnAndTheRestIsRead() {
        DotEnv.Parsed parsed = DotEnv.parse("""
                GOOD=1
                1BAD=x
                QUOTE="never closed
                """, name -> Optional.empty());
        assertThat(parsed.entries()).extracting(DotEnv.Entry::name).containsExactly("GOOD");
        assertThat(parsed.errors()).extracting(e -> e.at().line() + ":" + e.at().column() + " " + e.message()).containsExactly(
                "2:1 expected NAME=value, got \"1BAD=x\"",
                "3:7 the value's opening \" is never closed");
        assertThat(DotEnv.parse("A=${NOPE}\nB='x' y\n", name -> Optional.empty()).errors())
                .extracting(e -> e.at().line() + ":" + e.at().column() + " " + e.message()).containsExactly(
                        "1:3 variable NOPE is not set (give it a default: ${NOPE:-value}, or write $$ for a literal $)",
                        "2:7 unexpected \"y\" after the closing quote (a comment starts with #)");
    }
}

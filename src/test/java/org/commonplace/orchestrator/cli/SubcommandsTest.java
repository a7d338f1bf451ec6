package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.commonplace.orchestrator.testing.StandardStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14: only the subcommand a command line names is built, and {@code --version} skips picocli;
 * what the user sees (help, version, usage errors with their suggestions) stays what it was.
 */
final class SubcommandsTest {
    @RegisterExtension
    final StandardStreams std = new StandardStreams();

    @Test
    void onlyTheSubcommandNamedIsBuilt() {
        assertThat(Subcommands.namedIn("ps", "--json").getSubcommands()).containsOnlyKeys("ps", "status");
        assertThat(Subcommands.namedIn("status").getSubcommands()).containsOnlyKeys("ps", "status");
        assertThat(Subcommands.namedIn("--config", "c.json").getSubcommands()).isEmpty();
    }

    @Test
    void aSubcommandNamedFirstGetsARootWithoutRunsOptions() {
        assertThat(Subcommands.namedIn("ps", "--config", "c.json").getCommandSpec().userObject())
                .isInstanceOf(RootCommand.Bare.class);
        assertThat(Subcommands.namedIn("ps").getCommandSpec().optionsMap()).doesNotContainKey("--config");
        assertThat(Subcommands.namedIn("--config", "c.json", "run").getCommandSpec().userObject())
                .isInstanceOf(RootCommand.class);
        assertThat(Subcommands.namedIn("ps", "--help").getCommandSpec().userObject()).isInstanceOf(RootCommand.class);
    }

    @Test
    void helpBuildsEverySubcommandInItsOrder() {
        assertThat(Subcommands.namedIn("ps", "--help").getSubcommands()).containsKeys("run", "check", "export", "top");
        assertThat(Subcommands.every().getSubcommands().keySet()).startsWith("run", "check", "ps", "status", "start");
    }

    @Test
    void aRunIsGuessedOnlyWithoutAnotherSubcommandHelpOrVersion() {
        assertThat(Subcommands.likelyRun("--config", "c.json")).isTrue();
        assertThat(Subcommands.likelyRun("run", "--config", "c.json")).isTrue();
        assertThat(Subcommands.likelyRun("check", "--config", "c.json")).isFalse();
        assertThat(Subcommands.likelyRun("status")).isFalse();
        assertThat(Subcommands.likelyRun("--help")).isFalse();
        assertThat(Subcommands.likelyRun("-V")).isFalse();
    }

    @Test
    void versionPrintsExactlyWhatPicocliPrints() {
        var picocli = new StringWriter();
        Subcommands.every().printVersionHelp(new PrintWriter(picocli, true));
        assertThat(Main.execute("--version")).isZero();
        assertThat(Main.execute("-V")).isZero();
        String once = picocli.toString().replace(System.lineSeparator(), "\n");
        assertThat(once).startsWith("commonplace-orchestrator ");
        assertThat(std.out().replace(System.lineSeparator(), "\n")).isEqualTo(once + once);
    }

    @Test
    void aBadCommandLineIsParsedAgainWithEverySubcommandForItsMessage() {
        assertThat(Main.execute("stauts")).isEqualTo(2);
        // Names ps, so ps alone is built first; it rejects --confg, and the message is the full model's
        // (x is ps's NAME).
        assertThat(Main.execute("ps", "--confg", "x")).isEqualTo(2);
        assertThat(std.err().lines()).containsExactly(
                "commonplace-orchestrator: unmatched argument at index 0: 'stauts' (see 'commonplace-orchestrator --help')",
                "commonplace-orchestrator: unknown option: '--confg' (see 'commonplace-orchestrator --help')");
    }

    /**
     * Issue 29: the launchers choose the client commands' AOT cache by the words of
     * bin/lib/client-commands.sh, and Main leaves java.util.logging alone for the same calls: one list.
     */
    @Test
    void theLaunchersClientWordsAreTheClientCalls() throws java.io.IOException {
        String script = java.nio.file.Files.readString(java.nio.file.Path.of("bin/lib/client-commands.sh"));
        var matcher = java.util.regex.Pattern.compile("(?m)^\\s*([-a-zA-Z| ]+)\\) aot_kind=client").matcher(script);
        assertThat(matcher.find()).as(script).isTrue();
        var words = java.util.Arrays.stream(matcher.group(1).split("\\|")).map(String::strip).toList();
        assertThat(words).contains("ps", "start", "stop", "restart", "signal", "wait", "--version");
        for (String word : words) {
            assertThat(Subcommands.clientCall(word, "x")).as(word).isTrue();
        }
        for (String other : java.util.List.of("run", "check", "--help", "export", "logs", "top", "watch", "--config")) {
            assertThat(Subcommands.clientCall(other)).as(other).isFalse();
            assertThat(words).doesNotContain(other);
        }
    }
}

package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 19: {@code --help} said the orchestrator runs "until SIGINT or SIGTERM" (SIGHUP
 * stops it too), and wrapped {@code mqtt://host:port} as {@code mqtt: //host:port}.
 */
final class HelpTest {
    private static String help(String... subcommand) {
        var cli = Subcommands.every();
        return (subcommand.length == 0 ? cli : cli.getSubcommands().get(subcommand[0])).getUsageMessage();
    }

    @Test
    void bothHelpsNameEveryStopSignal() {
        assertThat(help().replaceAll("\\s+", " ")).contains("on SIGINT, SIGTERM or SIGHUP stops them all");
        assertThat(help("run").replaceAll("\\s+", " ")).contains("until SIGINT, SIGTERM or SIGHUP");
    }

    @Test
    void brokerAddressFormsAreNeverSplitAcrossLines() {
        for (String text : new String[] {help(), help("run"), help("watch")}) {
            assertThat(text).contains("mqtt://host:port", "tcp://host:port", "[addr]:port", "host:port,")
                    .doesNotContain("mqtt: //", "tcp: //", "[addr]:\n");
        }
    }

    @Test
    void bothHelpsExplainTheEmbeddedBroker() {
        for (String text : new String[] {help(), help("run")}) {
            assertThat(text.replaceAll("\\s+", " ")).contains("--embedded-broker")
                    .contains("When no MQTT broker answers at the broker address, run one there in a JVM of its own")
                    .contains("bound to loopback unless the address names another host");
        }
    }
}

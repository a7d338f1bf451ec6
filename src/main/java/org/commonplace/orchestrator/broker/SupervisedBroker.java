package org.commonplace.orchestrator.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;

/**
 * The embedded broker as a process the supervisor runs like any other (issue 24): decided at
 * start-up, before anything starts. When a broker already answers at the address it is used;
 * otherwise the command line of our own jar's broker ({@link BrokerProcess} with
 * {@link BrokerProcess#SUPERVISED}: it stops on SIGTERM and does not watch its stdin), whose JVM is
 * capped as {@link BrokerSettings#jvmOptions()} says.
 */
public final class SupervisedBroker {
    private SupervisedBroker() {
    }

    /**
     * What start-up decided.
     *
     * @param command the broker's command line when it is to be run; empty when another broker answers
     * @param line    one line for the console: which broker is used, and where
     */
    public record Decision(Optional<List<String>> command, String line) {
    }

    /**
     * @throws EmbeddedBroker.Refused when the host does not resolve or the port is taken by something
     *                                that is not a broker (said at once, rather than by a broker that
     *                                would fail and be restarted for ever)
     */
    public static Decision decide(BrokerAddress address, EmbeddedBrokerSettings settings) throws EmbeddedBroker.Refused {
        Optional<BrokerCheck.Unreachable> problem = BrokerCheck.problem(address, EmbeddedBroker.PROBE_TIMEOUT);
        if (problem.isEmpty()) {
            return new Decision(Optional.empty(), "an MQTT broker already answers at " + address
                    + "; using it (the embedded broker is not started)");
        }
        BindPlan bind = BindPlan.of(address).orElseThrow(() -> new EmbeddedBroker.Refused("cannot start the embedded MQTT broker at "
                + address + ": host '" + address.host() + "' does not resolve"));
        try (var probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(bind.host()), bind.port()));
        } catch (IOException e) {
            throw new EmbeddedBroker.Refused("cannot start the embedded MQTT broker on " + bind.endpoint() + ": "
                    + (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use")
                    ? "the port is in use" : String.valueOf(e.getMessage()))
                    + " (nothing answered MQTT there: " + problem.get().reason() + ")");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(BrokerSettings.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(), bind.host(),
                Integer.toString(bind.port()), BrokerProcess.SUPERVISED));
        settings.passwordFile().ifPresent(f -> command.addAll(List.of(BrokerProcess.PASSWORD_FILE, f.toString())));
        settings.aclFile().ifPresent(f -> command.addAll(List.of(BrokerProcess.ACL_FILE, f.toString())));
        settings.persistence().ifPresent(d -> command.addAll(List.of(BrokerProcess.PERSISTENCE, d.toString())));
        return new Decision(Optional.of(List.copyOf(command)), BrokerSettings.describe(bind, settings));
    }
}

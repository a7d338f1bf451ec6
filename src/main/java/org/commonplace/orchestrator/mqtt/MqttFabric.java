package org.commonplace.orchestrator.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Optional;
import java.time.Instant;
import java.util.Set;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.FabricSettings;
import org.commonplace.orchestrator.paho.ClientIds;
import org.commonplace.orchestrator.supervise.Event;
import org.commonplace.orchestrator.supervise.Supervisor;

/**
 * Joins the orchestrator to the fabric: one connection ({@link Fabric}) carrying the published
 * state, the remote dependencies and, when enabled, the commands. Call before the supervisor runs.
 */
public final class MqttFabric {
    /**
     * How long the start waits for the first connection's claim check: a connect (5 s at most), two
     * subscriptions and our claim's return, each acknowledged within 5 s. The broker check before it
     * found the broker answering, so this is normally a few hundred milliseconds.
     */
    static final long VERDICT_WAIT_MS = 12_000;

    private MqttFabric() {
    }

    /** Why the fabric cannot be joined (an unreadable password file); nothing was started. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * {@return the started connection; empty when there is nothing to do on the broker (no state
     * published, no remote dependency, no commands)}
     *
     * <p>With {@code publish_state}, waits (at most {@link #VERDICT_WAIT_MS}) for the first connection to
     * tell whether another orchestrator holds the instance name ({@link ClaimCheck}), and refuses when one does.
     *
     * @param configFile         the config, named in our claim (where we run)
     * @param remoteDependencies every {@code INSTANCE/NAME} some process depends on
     * @throws Refused when the password file cannot be read, or another live orchestrator holds the instance name
     */
    public static Optional<Fabric> join(FabricSettings settings, Path configFile, BrokerAddress broker,
                                        Set<String> remoteDependencies, Supervisor supervisor,
                                        java.util.function.Consumer<String> warn) throws Refused {
        if (!settings.publishState() && !settings.commands() && remoteDependencies.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> password = settings.passwordFile().isPresent()
                ? Optional.of(password(settings.passwordFile().get(), warn)) : Optional.empty();
        var topics = new Topics(settings.prefix(), settings.instance());
        var remote = new RemoteStates(topics, remoteDependencies, supervisor::post);
        var filters = new ArrayList<>(remote.filters());
        if (settings.commands()) {
            filters.add(topics.commands());
        }
        var outbox = new Outbox();
        var claim = new Claim(ClientIds.fresh(), FabricSettings.hostname(), ProcessHandle.current().pid(),
                configFile.toAbsolutePath().normalize().toString(), Instant.now());
        Optional<RemoteCommands> commands = settings.commands()
                ? Optional.of(new RemoteCommands(topics, supervisor::post, outbox)) : Optional.empty();
        var fabric = new Fabric(broker, topics, settings.publishState(), settings.username(), password, outbox, claim, filters,
                message -> {
                    if (!remote.accept(message)) {
                        commands.ifPresent(c -> c.accept(message));
                    }
                }, line -> supervisor.post(new Event.Say(line)));
        if (settings.publishState()) {
            supervisor.addListener(new StatePublisher(topics, outbox));
        }
        fabric.start();
        if (settings.publishState()) {
            Optional<String> refusal = fabric.firstVerdict(VERDICT_WAIT_MS);
            if (refusal.isPresent()) {
                fabric.close(0);
                throw new Refused(refusal.get());
            }
        }
        return Optional.of(fabric);
    }

    /** The first line of the file; a file others may read is said once (the password is the broker's key to us). */
    private static byte[] password(Path file, java.util.function.Consumer<String> warn) throws Refused {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                warn.accept("warning: the MQTT password file " + file + " can be read by every user; chmod 600 it");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).replace("\r", "").getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new Refused("cannot read the MQTT password file " + file + ": " + e.getMessage());
        }
    }
}

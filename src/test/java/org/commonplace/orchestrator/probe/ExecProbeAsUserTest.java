package org.commonplace.orchestrator.probe;

import static org.assertj.core.api.Assertions.assertThat;


import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.model.Privileges;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.spawn.NativeLauncher;
import org.commonplace.orchestrator.spawn.OsLauncher;
import org.commonplace.orchestrator.spawn.custody.Custody;
import org.commonplace.orchestrator.testing.SystemUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An exec ready or liveness check of a process that runs as another user runs as that user too
 * (never with more than the process it checks), through the same wiring ({@link Probes#forCheck})
 * that the ready and liveness watchers use; and it still tells ready from not ready.
 */
final class ExecProbeAsUserTest {
    private static final Launcher LAUNCHER = NativeLauncher.available()
            ? new NativeLauncher(Custody.detached()) : new OsLauncher(Custody.detached());
    private static SystemUsers accounts;
    private static SystemUsers.User user;
    private static Path dir;

    @BeforeAll
    static void makeUser() throws Exception {
        assertThat(SystemUsers.root()).as("running as another user needs root, as CI runs").isTrue();
        accounts = new SystemUsers();
        user = accounts.user();
        dir = accounts.folder("probe-as-user");
    }

    @AfterAll
    static void removeUser() {
        if (accounts != null) {
            accounts.close();
        }
    }

    private ProbeResult check(String script) {
        var account = new Privileges.Account(user.name(), user.uid(), user.name(), user.gid(), List.of(user.gid()),
                "/nonexistent", "/bin/sh");
        var privileges = new Privileges(Optional.of(account), OptionalInt.empty(), Map.of(), OptionalInt.empty(),
                OptionalInt.empty(), true, List.of());
        var process = new LaunchSpec("/bin/sleep", List.of("60"), dir, Map.of("EXPECTED", Integer.toString(user.uid())),
                privileges);
        Probe probe = Probes.forCheck(new ReadyCheck.Exec(List.of("sh", "-c", script)), process, LAUNCHER).orElseThrow();
        return probe.attempt(Duration.ofSeconds(20));
    }

    @Test
    void theCheckRunsAsTheProcesssUserAndStillTellsReadyFromNot() throws Exception {
        assertThat(check("test \"$(id -u)\" = \"$EXPECTED\" && test \"$USER\" = " + user.name())).isEqualTo(ProbeResult.ok());
        Path secret = dir.resolve("root-only");
        Files.writeString(secret, "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertThat(check("cat " + secret)).isEqualTo(ProbeResult.failed("exit code 1"));
    }
}
